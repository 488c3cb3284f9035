package dev.videogen.worker.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Rectified flow (flow matching on straight paths), in the convention of Stable Diffusion 3: time t
 * ∈ [0, 1] runs from data (t = 0) to noise (t = 1),
 *
 * <pre>
 *   x_t = (1 − t) · x₀ + t · ε,      velocity v = dx_t/dt = ε − x₀,
 * </pre>
 *
 * and the model is trained to predict v with a mean squared error. Training times are drawn
 * logit-normal (more weight in the middle, where the task is hardest) and then shifted towards
 * noise for inputs with more tokens: a larger or longer video keeps more of its structure at the
 * same t, so it needs more noise to be as hard (Esser et al. 2024; Open-Sora).
 */
public final class RectifiedFlow {
  /** Token count at which the shift is 1 (no shift). */
  public static final double BASE_TOKENS = 256;

  private RectifiedFlow() {}

  /**
   * The resolution/duration shift for a sequence of {@code tokens}: √(tokens / 256), at least 1.
   */
  public static double shiftFor(long tokens) {
    return Math.max(1.0, Math.sqrt(tokens / BASE_TOKENS));
  }

  /** t' = s·t / (1 + (s − 1)·t): maps [0, 1] onto itself, pushing times towards noise for s > 1. */
  public static double shift(double t, double shift) {
    return shift * t / (1 + (shift - 1) * t);
  }

  /** The inverse of {@link #shift}: the unshifted time whose shift is {@code shifted}. */
  public static double unshift(double shifted, double shift) {
    return shifted / (shift - (shift - 1) * shifted);
  }

  /**
   * The sampler's {@code steps + 1} times from {@code start} down to 0: equal steps of the
   * unshifted time, shifted. With start 1 this is the full schedule from noise; with start s < 1
   * (SDEdit) the same number of steps covers [0, s], and the first time is s exactly.
   */
  public static float[] timeGrid(int steps, double shift, double start) {
    if (!(start > 0 && start <= 1)) {
      throw new IllegalArgumentException("the start time must be in (0, 1], got " + start);
    }
    double u0 = start == 1 ? 1 : unshift(start, shift);
    float[] grid = new float[steps + 1];
    for (int i = 0; i <= steps; i++) {
      grid[i] = (float) shift(u0 * (1.0 - (double) i / steps), shift);
    }
    if (start < 1) {
      grid[0] = (float) start; // not shift(unshift(s)), which may round away from s
    }
    return grid;
  }

  /** {@code count} training times: sigmoid of a standard normal, then shifted. */
  public static float[] sampleTimes(SplittableRandom random, int count, double shift) {
    float[] t = new float[count];
    for (int i = 0; i < count; i++) {
      double logistic = 1 / (1 + Math.exp(-random.nextGaussian()));
      t[i] = (float) shift(logistic, shift);
    }
    return t;
  }

  /** x_t for data x₀ and noise ε (B, C, T, H, W) at times t (B). */
  public static NDArray interpolate(NDArray data, NDArray noise, NDArray t) {
    NDArray tb = broadcastable(t, data.getShape());
    return data.mul(tb.neg().add(1f)).add(noise.mul(tb));
  }

  /** The velocity the model learns: ε − x₀. */
  public static NDArray velocity(NDArray data, NDArray noise) {
    return noise.sub(data);
  }

  /** Mean squared error between predicted and true velocity. */
  public static NDArray loss(NDArray predicted, NDArray target) {
    return predicted.sub(target).square().mean();
  }

  /**
   * Mean squared error over the frames the model renders: {@code rendered} (B, T) is 1 for a frame
   * whose velocity counts and 0 for a given (conditioning) frame, whose clean input makes its
   * velocity meaningless. With every frame rendered this is {@link #loss}.
   */
  public static NDArray loss(NDArray predicted, NDArray target, NDArray rendered) {
    Shape s = predicted.getShape();
    NDArray w = rendered.reshape(s.get(0), 1, s.get(2), 1, 1); // (B, 1, T, 1, 1)
    long perFrame = s.get(1) * s.get(3) * s.get(4);
    return predicted.sub(target).square().mul(w).sum().div(rendered.sum().mul((float) perFrame));
  }

  /**
   * The squared error over the rendered frames divided by {@code frames} · C · H · W: with {@code
   * frames} the rendered frames of the whole batch, chunks of a batch (one per device) add up to
   * the batch's {@link #loss(NDArray, NDArray, NDArray)}. {@code frames} is a PyTorch-allocated
   * scalar, not a number (see {@code Attention.scaledDotProduct}).
   */
  public static NDArray loss(NDArray predicted, NDArray target, NDArray rendered, NDArray frames) {
    Shape s = predicted.getShape();
    NDArray w = rendered.reshape(s.get(0), 1, s.get(2), 1, 1); // (B, 1, T, 1, 1)
    long perFrame = s.get(1) * s.get(3) * s.get(4);
    return predicted.sub(target).square().mul(w).sum().div(frames.mul((float) perFrame));
  }

  /** t (B) reshaped to (B, 1, 1, …) to broadcast against {@code like}. */
  static NDArray broadcastable(NDArray t, Shape like) {
    long[] dims = new long[like.dimension()];
    java.util.Arrays.fill(dims, 1);
    dims[0] = like.get(0);
    return t.reshape(new Shape(dims));
  }
}
