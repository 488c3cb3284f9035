package dev.videogen.worker.train;

import java.util.SplittableRandom;

/**
 * How often training draws each {@link FrameTask}, as weights (normalised when drawing). Most steps
 * stay text to video, which every other task builds on; the rest spread over the conditioned tasks
 * so one checkpoint serves image to video, extension both ways, loops, connecting clips and
 * keyframe fills.
 *
 * @param textToVideo nothing given
 * @param imageToVideo the first frame given
 * @param extendForward the first frames given
 * @param extendBackward the last frames given
 * @param connect first and last frames given (connect, loop)
 * @param spans random frames given
 */
public record TaskMix(
    double textToVideo,
    double imageToVideo,
    double extendForward,
    double extendBackward,
    double connect,
    double spans) {

  /** Text to video only: what every checkpoint written before frame conditioning trained on. */
  public static final TaskMix TEXT_ONLY = new TaskMix(1, 0, 0, 0, 0, 0);

  /** The default mix: 30% text to video, the rest over the conditioned tasks. */
  public static final TaskMix STANDARD = new TaskMix(0.3, 0.15, 0.15, 0.1, 0.2, 0.1);

  public TaskMix {
    double[] w = {textToVideo, imageToVideo, extendForward, extendBackward, connect, spans};
    double sum = 0;
    for (double v : w) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("task weights must be finite and not negative");
      }
      sum += v;
    }
    if (sum <= 0) {
      throw new IllegalArgumentException("at least one task needs a positive weight");
    }
  }

  /** One task, drawn by weight. */
  public FrameTask draw(SplittableRandom random) {
    double[] w = {textToVideo, imageToVideo, extendForward, extendBackward, connect, spans};
    double sum = 0;
    for (double v : w) {
      sum += v;
    }
    double u = random.nextDouble() * sum;
    FrameTask[] tasks = FrameTask.values();
    for (int i = 0; i < w.length; i++) {
      u -= w[i];
      if (u < 0 && w[i] > 0) {
        return tasks[i];
      }
    }
    for (int i = w.length - 1;
        ;
        i--) { // rounding left u at or just above 0: the last weighted task
      if (w[i] > 0) {
        return tasks[i];
      }
    }
  }

  /**
   * Frame masks for a batch of {@code batch} clips of {@code frames} frames, (B, T) row-major: 1
   * for a given frame. All zero when every drawn task was text to video.
   */
  public float[] masks(SplittableRandom random, int batch, int frames) {
    float[] out = new float[batch * frames];
    for (int i = 0; i < batch; i++) {
      boolean[] given = draw(random).mask(frames, random);
      for (int t = 0; t < frames; t++) {
        out[i * frames + t] = given[t] ? 1f : 0f;
      }
    }
    return out;
  }

  /** Whether this mix never conditions on frames. */
  public boolean textOnly() {
    return imageToVideo == 0
        && extendForward == 0
        && extendBackward == 0
        && connect == 0
        && spans == 0;
  }
}
