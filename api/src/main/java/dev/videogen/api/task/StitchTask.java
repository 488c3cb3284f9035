package dev.videogen.api.task;

import java.util.List;

/**
 * Join {@code inputs} in order (each the given frames of one artifact or input video) and encode
 * the result at {@code fps} to {@code output}.
 */
public record StitchTask(String id, int fps, List<StitchInput> inputs, TaskOutput output)
    implements TaskDocument {
  public StitchTask {
    Checks.text(id, "id");
    Checks.positive(fps, "fps");
    Checks.present(output, "output");
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException("inputs must list at least one input");
    }
    inputs = List.copyOf(inputs);
  }

  @Override
  public String kind() {
    return "Stitch";
  }
}
