package dev.videogen.worker.train;

import java.util.SplittableRandom;

/**
 * The tasks one model learns, as the frames of a training clip that are given clean: each task is a
 * frame mask, and the sampler's tasks use the same masks (image to video gives frame 0, extending
 * forward gives the head, and so on), so one checkpoint serves all of them.
 */
public enum FrameTask {
  /** Nothing given. */
  TEXT_TO_VIDEO,
  /** The first frame given: image to video. */
  IMAGE_TO_VIDEO,
  /** The first K frames given, K in [1, T/2]: extending a video forward from its last K frames. */
  EXTEND_FORWARD,
  /** The last K frames given, K in [1, T/2]: extending a video backward from its first K frames. */
  EXTEND_BACKWARD,
  /**
   * The first K₁ and last K₂ frames given, each in [1, max(1, T/4)]: connecting two clips, and
   * loops (a bridge from a video's last frames back to its first).
   */
  CONNECT,
  /** Random frames given (each with probability 1/4, at least one given and one not): keyframes. */
  SPANS;

  /**
   * The frames given for a training clip of {@code frames} frames: true = given. At least one frame
   * is always left to render; a one-frame clip (an image) is never conditioned.
   */
  public boolean[] mask(int frames, SplittableRandom random) {
    boolean[] given = new boolean[frames];
    if (frames < 2) {
      return given;
    }
    switch (this) {
      case TEXT_TO_VIDEO -> {}
      case IMAGE_TO_VIDEO -> given[0] = true;
      case EXTEND_FORWARD -> fill(given, 0, 1 + random.nextInt(frames / 2));
      case EXTEND_BACKWARD -> fill(given, frames - 1 - random.nextInt(frames / 2), frames);
      case CONNECT -> {
        if (frames < 3) { // no room for a middle: give the head only
          given[0] = true;
          break;
        }
        int most = Math.max(1, Math.min(frames / 4, (frames - 1) / 2));
        fill(given, 0, 1 + random.nextInt(most));
        fill(given, frames - 1 - random.nextInt(most), frames);
      }
      case SPANS -> {
        int count;
        do {
          count = 0;
          for (int t = 0; t < frames; t++) {
            given[t] = random.nextInt(4) == 0;
            count += given[t] ? 1 : 0;
          }
        } while (count == 0 || count == frames);
      }
    }
    return given;
  }

  private static void fill(boolean[] given, int from, int to) {
    for (int t = from; t < to; t++) {
      given[t] = true;
    }
  }
}
