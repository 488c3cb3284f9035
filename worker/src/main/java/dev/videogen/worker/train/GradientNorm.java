package dev.videogen.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.videogen.worker.torch.Foreach;
import java.util.ArrayList;
import java.util.List;

/**
 * Global-norm gradient clipping: the L2 norm over every gradient of the model, and the factor that
 * scales it down to at most {@code maxNorm} (DJL's own {@code optClipGrad} clips element-wise).
 */
public final class GradientNorm {
  private GradientNorm() {}

  /** √(Σ ‖g‖²) over the parameters' gradients, in one multi-tensor call. */
  public static double of(List<Parameter> parameters, NDManager scratch) {
    try (NDManager scope = scratch.newSubManager()) {
      return Foreach.norm(gradients(parameters, scope));
    }
  }

  /**
   * The parameters' gradients, in order: DJL gives a new handle on each (on the same storage, or
   * zeros before any backward pass), owned by {@code scope}.
   */
  static List<NDArray> gradients(List<Parameter> parameters, NDManager scope) {
    List<NDArray> gradients = new ArrayList<>(parameters.size());
    for (Parameter p : parameters) {
      NDArray g = p.getArray().getGradient();
      g.attach(scope);
      gradients.add(g);
    }
    return gradients;
  }

  /** √(Σ ‖g‖²) over {@code gradients} (all on one device). */
  public static double ofGradients(List<NDArray> gradients) {
    return Foreach.norm(gradients);
  }

  /** min(1, maxNorm / norm): multiply the gradients by this to clip them. */
  public static float clipFactor(double norm, double maxNorm) {
    return norm > maxNorm ? (float) (maxNorm / (norm + 1e-6)) : 1f;
  }
}
