package dev.videogen.worker.task;

import dev.videogen.api.task.ConditioningFrames;
import dev.videogen.worker.video.Clip;
import java.util.List;

/**
 * What a Render task is given besides its prompt: each of its {@code conditioning} entries with the
 * frames it names, already read from the source artifact (a shard's PNG frames or an input file)
 * and in the order of {@code sourceFrames}. Empty for text-to-video.
 */
public record RenderInputs(List<Given> given) {
  /** The frames of one conditioning entry: {@code frames.frames()} equals its length. */
  public record Given(ConditioningFrames conditioning, Clip frames) {}

  public RenderInputs {
    given = List.copyOf(given);
  }

  public static RenderInputs none() {
    return new RenderInputs(List.of());
  }
}
