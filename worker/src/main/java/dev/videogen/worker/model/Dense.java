package dev.videogen.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link Linear} layer (same parameters, names and saved form) that folds an input (…, D) to (M,
 * D) before the product: DJL's PyTorch engine computes a 2-D input as one {@code addmm} (bias added
 * inside the matrix product) but a 3-D one as a {@code matmul} plus a separate pass over the output
 * to add the bias.
 *
 * <p>Shapes: x (d₁, …, dₖ, D) → reshape (d₁·…·dₖ, D) → Linear → (d₁·…·dₖ, E) → reshape (d₁, …, dₖ,
 * E).
 */
final class Dense extends Linear {
  private Dense(Linear.Builder builder) {
    super(builder);
  }

  /** A layer with {@code units} outputs and a bias. */
  static Dense of(long units) {
    return new Dense(Linear.builder().setUnits(units));
  }

  /** A layer with {@code units} outputs and no bias. */
  static Dense withoutBias(long units) {
    return new Dense(Linear.builder().setUnits(units).optBias(false));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.head();
    Shape s = x.getShape();
    if (s.dimension() <= 2) {
      return super.forwardInternal(ps, inputs, training, params);
    }
    long features = s.get(s.dimension() - 1);
    NDArray flat = x.reshape(s.size() / features, features); // (M, D)
    NDArray y = super.forwardInternal(ps, new NDList(flat), training, params).head(); // (M, E)
    long[] out = s.getShape().clone(); // Shape hands out its own array: never write to it
    out[out.length - 1] = y.getShape().get(1);
    return new NDList(y.reshape(new Shape(out)));
  }
}
