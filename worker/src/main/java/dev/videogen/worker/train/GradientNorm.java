package dev.videogen.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Global-norm gradient clipping: the L2 norm over every gradient of the model, and the factor that
 * scales it down to at most {@code maxNorm} (DJL's own {@code optClipGrad} clips element-wise).
 */
public final class GradientNorm {
  private GradientNorm() {}

  /**
   * √(Σ ‖g‖²) over the parameters' gradients: one concatenation and one reduction, so the CPU waits
   * for the device once rather than once per parameter.
   */
  public static double of(List<Parameter> parameters, NDManager scratch) {
    try (NDManager scope = scratch.newSubManager()) {
      NDList flat = new NDList(parameters.size());
      for (Parameter p : parameters) {
        NDArray g = p.getArray().getGradient();
        g.attach(scope);
        flat.add(g.reshape(-1));
      }
      return NDArrays.concat(flat).norm().getFloat();
    }
  }

  /** √(Σ ‖g‖²) over {@code gradients} (all on one device). */
  public static double ofGradients(List<NDArray> gradients, NDManager scratch) {
    try (NDManager scope = scratch.newSubManager()) {
      NDList flat = new NDList(gradients.size());
      for (NDArray g : gradients) {
        NDArray f = g.reshape(-1);
        f.attach(scope);
        flat.add(f);
      }
      return NDArrays.concat(flat).norm().getFloat();
    }
  }

  /** min(1, maxNorm / norm): multiply the gradients by this to clip them. */
  public static float clipFactor(double norm, double maxNorm) {
    return norm > maxNorm ? (float) (maxNorm / (norm + 1e-6)) : 1f;
  }
}
