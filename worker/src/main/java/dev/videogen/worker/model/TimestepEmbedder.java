package dev.videogen.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * The diffusion time t ∈ [0, 1] as a vector: 256 sinusoids of 1000·t, then a two-layer MLP (as in
 * DiT). Input t (B); output (B, D).
 */
public final class TimestepEmbedder extends AbstractBlock {
  static final int FREQUENCIES = 256;
  private final int width;
  private final Linear in;
  private final Linear out;

  public TimestepEmbedder(int width) {
    this.width = width;
    in = addChildBlock("in", Linear.builder().setUnits(width).build());
    out = addChildBlock("out", Linear.builder().setUnits(width).build());
    NormalInitializer normal = new NormalInitializer(0.02f);
    in.setInitializer(normal, ai.djl.nn.Parameter.Type.WEIGHT);
    out.setInitializer(normal, ai.djl.nn.Parameter.Type.WEIGHT);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray t = inputs.head(); // (B)
    int half = FREQUENCIES / 2;
    float[] freqs = new float[half];
    for (int i = 0; i < half; i++) {
      freqs[i] = (float) Math.exp(-Math.log(10000.0) * i / half);
    }
    NDArray args = t.mul(1000f).reshape(-1, 1).mul(t.getManager().create(freqs).reshape(1, half));
    NDArray embedded = NDArrays.concat(new NDList(args.cos(), args.sin()), 1); // (B, 256)
    NDArray pre = in.forward(ps, new NDList(embedded), training).head();
    NDArray h =
        pre.mul(
            Activation.sigmoid(
                pre)); // SiLU as x·σ(x), not Activation.swish: see Attention.scaledDotProduct on
    // scalar operands.
    return out.forward(ps, new NDList(h), training);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    in.initialize(manager, dataType, new Shape(1, FREQUENCIES));
    out.initialize(manager, dataType, new Shape(1, width));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), width)};
  }
}
