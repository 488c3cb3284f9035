package dev.videogen.worker.task;

import dev.videogen.api.task.RenderSettings;

/** Width and height in pixels of the frames a task renders. */
public record FrameSize(int width, int height) {
  /**
   * The size used when the task gives none ("the model's training size"): the synthetic world's
   * base training size, which every checkpoint of this build was trained on.
   */
  public static final int DEFAULT_SIDE = 32;

  /** The size {@code settings} asks for, {@link #DEFAULT_SIDE} where it gives none. */
  public static FrameSize of(RenderSettings settings) {
    return new FrameSize(
        settings.width() != null ? settings.width() : DEFAULT_SIDE,
        settings.height() != null ? settings.height() : DEFAULT_SIDE);
  }
}
