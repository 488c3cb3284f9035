package dev.videogen.worker.task;

import dev.videogen.api.task.RenderTask;
import dev.videogen.worker.video.Clip;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * The one place a task calls the model: renders a Render task's frames with a loaded model. The
 * task runner does everything around it (checkpoint, inputs, output, results), so a model that
 * learns new conditioning only needs a new implementation of this interface.
 */
public interface ShardRenderer {
  /**
   * Why this build cannot render {@code task}, or empty if it can. Asked before anything is loaded;
   * a reason fails the task permanently (reason NotSupported, exit code 2).
   */
  Optional<String> unsupported(RenderTask task);

  /**
   * Renders {@code task.frames()} frames of {@code size} at {@code task.settings().fps()}, frame i
   * at timeline position i of {@code task.positions()}.
   *
   * @param inputs the conditioning frames, read from their sources
   * @param onStep hears each finished sampler step (1-based); it may throw to stop the render
   */
  Clip render(
      RenderTask task, RenderModel model, FrameSize size, RenderInputs inputs, IntConsumer onStep);
}
