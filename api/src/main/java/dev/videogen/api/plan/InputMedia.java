package dev.videogen.api.plan;

/**
 * How a job's input files take part in its result: frames next to the result ({@code head} before
 * frame 0, {@code tail} after the last frame), on it ({@code image} as frame 0, {@code guide} frame
 * for frame) or joined to it by the stitch ({@code joinBefore}, {@code joinAfter}).
 *
 * @param backward Sequential segments are planned from the end of the result towards its start
 */
record InputMedia(
    InputFrames head,
    InputFrames tail,
    InputFrames image,
    String guide,
    String joinBefore,
    String joinAfter,
    boolean backward) {
  /** TextToVideo and Image. */
  static InputMedia none() {
    return new InputMedia(null, null, null, null, null, null, false);
  }

  /** ImageToVideo: the image is frame 0. */
  static InputMedia image(String uri) {
    return new InputMedia(null, null, InputFrames.head(uri, 1), null, null, null, false);
  }

  /** Edit: every frame is an SDEdit of the same frame of the video. */
  static InputMedia edit(String video) {
    return new InputMedia(null, null, null, video, null, null, false);
  }

  /** Connect: from the last frames of {@code from} into the first frames of {@code to}. */
  static InputMedia connect(String from, String to, int frames) {
    return new InputMedia(
        InputFrames.tail(from, frames),
        InputFrames.head(to, frames),
        null,
        null,
        null,
        null,
        false);
  }

  /**
   * Extend. Forward: the input, then the new frames, which continue from the input's last frames; a
   * loop also leads them into the input's first frames, where the result starts again. Backward
   * mirrors it: the new frames, leading into the input's first frames, then the input.
   */
  static InputMedia extend(String video, int frames, boolean backward, boolean loop) {
    InputFrames last = InputFrames.tail(video, frames);
    InputFrames first = InputFrames.head(video, frames);
    return backward
        ? new InputMedia(loop ? last : null, first, null, null, null, video, true)
        : new InputMedia(last, loop ? first : null, null, null, video, null, false);
  }
}
