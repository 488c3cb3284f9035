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

  /** t (B) reshaped to (B, 1, 1, …) to broadcast against {@code like}. */
  static NDArray broadcastable(NDArray t, Shape like) {
    long[] dims = new long[like.dimension()];
    java.util.Arrays.fill(dims, 1);
    dims[0] = like.get(0);
    return t.reshape(new Shape(dims));
  }
}
