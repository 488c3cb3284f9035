package dev.videogen.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * The DiT output head: adaLN (shift and scale from c), then a linear map from each token to its
 * patch of predicted velocity. Both layers start at zero, so the untrained model predicts 0.
 *
 * <p>Inputs: x (B, N, D), c (B, D) or per token (B, N, D). Output (B, N, P).
 */
public final class FinalLayer extends AbstractBlock {
  private final DitConfig config;
  private final Linear modulation;
  private final LayerNorm norm;
  private final Linear out;

  public FinalLayer(DitConfig config) {
    this.config = config;
    modulation =
        addChildBlock("modulation", Linear.builder().setUnits(2L * config.width()).build());
    norm = addChildBlock("norm", DitBlock.plainNorm());
    out = addChildBlock("out", Dense.of(config.patchDim()));
    modulation.setInitializer(Initializer.ZEROS, p -> true);
    out.setInitializer(Initializer.ZEROS, p -> true);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray c = inputs.get(1);
    // SiLU as x·σ(x), not Activation.swish: see Attention.scaledDotProduct on scalar operands.
    NDArray silu = c.mul(Activation.sigmoid(c));
    NDArray mod = modulation.forward(ps, new NDList(silu), training).head();
    NDList m = DitBlock.perToken(mod).split(2, 2); // shift, scale: (B, 1, D) or (B, N, D)
    NDArray h =
        DitBlock.modulate(norm.forward(ps, new NDList(x), training).head(), m.get(0), m.get(1));
    return out.forward(ps, new NDList(h), training);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    modulation.initialize(manager, dataType, new Shape(1, config.width()));
    norm.initialize(manager, dataType, new Shape(1, 1, config.width()));
    out.initialize(manager, dataType, new Shape(1, 1, config.width()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {new Shape(x.get(0), x.get(1), config.patchDim())};
  }
}
