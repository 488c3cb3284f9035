package dev.videogen.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Global-norm gradient clipping: the L2 norm over every gradient of the model, and the factor that
 * scales it down to at most {@code maxNorm} (DJL's own {@code optClipGrad} clips element-wise).
 */
public final class GradientNorm {
  private GradientNorm() {}

  /** √(Σ ‖g‖²) over the parameters' gradients. */
  public static double of(List<Parameter> parameters) {
    double sum = 0;
    for (Parameter p : parameters) {
      try (NDArray g = p.getArray().getGradient();
          NDArray squared = g.square();
          NDArray total = squared.sum()) {
        sum += total.getFloat();
      }
    }
    return Math.sqrt(sum);
  }

  /** min(1, maxNorm / norm): multiply the gradients by this to clip them. */
  public static float clipFactor(double norm, double maxNorm) {
    return norm > maxNorm ? (float) (maxNorm / (norm + 1e-6)) : 1f;
  }
}
