package dev.videogen.api.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.videogen.api.plan.FrameRange;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import java.util.List;

/**
 * Sample {@code frames} frames from the model and write them to {@code output}. The task's frame i
 * sits at the i-th timeline position of {@code positions} (ascending runs in frames of the result
 * at {@code settings.fps}; sparse for keyframes, negative or past the end for frames of an input
 * video next to the result), which the model uses as time coordinates.
 *
 * @param type what the task does: TextToVideo, ImageToVideo, Extend, Connect, Edit or Image (a hint
 *     for the worker: the conditioning list says exactly what is given)
 * @param settings shared settings; null only inside a stage document that gives them
 */
public record RenderTask(
    String id,
    VideoTask type,
    RenderSettings settings,
    @JsonProperty(required = true) long seed,
    int frames,
    List<FrameRange> positions,
    List<ConditioningFrames> conditioning,
    TaskOutput output)
    implements TaskDocument {
  public RenderTask {
    Checks.text(id, "id");
    Checks.present(type, "type");
    Checks.positive(frames, "frames");
    Checks.present(positions, "positions");
    Checks.present(output, "output");
    positions = List.copyOf(positions);
    conditioning = conditioning == null ? List.of() : List.copyOf(conditioning);
    if (seed < 0) {
      throw new IllegalArgumentException("seed must not be negative");
    }
    int count = 0;
    for (int i = 0; i < positions.size(); i++) {
      if (i > 0 && positions.get(i).start() <= positions.get(i - 1).end()) {
        throw new IllegalArgumentException("positions must be ascending runs that do not touch");
      }
      count += positions.get(i).length();
    }
    if (count != frames) {
      throw new IllegalArgumentException(
          "positions hold " + count + " frames but frames is " + frames);
    }
    for (ConditioningFrames c : conditioning) {
      if (c.targetFrames().end() > frames) {
        throw new IllegalArgumentException(
            "conditioning.targetFrames " + c.targetFrames() + " beyond the task's " + frames);
      }
    }
  }

  @Override
  public String kind() {
    return "Render";
  }

  /** This task with {@code shared} as its settings unless it has its own. */
  public RenderTask withDefaultSettings(RenderSettings shared) {
    return settings != null
        ? this
        : new RenderTask(id, type, shared, seed, frames, positions, conditioning, output);
  }
}
