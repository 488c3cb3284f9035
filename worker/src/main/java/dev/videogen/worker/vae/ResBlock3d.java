package dev.videogen.worker.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A residual block of causal convolutions: x + conv(SiLU(norm(conv(SiLU(norm(x)))))), the skip
 * through a pointwise convolution where the channel count changes.
 *
 * <p>Shapes: (B, C, T, H, W) → (B, filters, T, H, W).
 */
final class ResBlock3d extends AbstractBlock {
  private final int filters;
  private final ChannelNorm norm1;
  private final CausalConv3d conv1;
  private final ChannelNorm norm2;
  private final CausalConv3d conv2;
  private final CausalConv3d skip;

  ResBlock3d(int in, int filters) {
    this.filters = filters;
    norm1 = addChildBlock("norm1", new ChannelNorm(in));
    conv1 = addChildBlock("conv1", CausalConv3d.of(filters));
    norm2 = addChildBlock("norm2", new ChannelNorm(filters));
    conv2 = addChildBlock("conv2", CausalConv3d.of(filters));
    skip = in == filters ? null : addChildBlock("skip", CausalConv3d.pointwise(filters));
  }

  /** SiLU as x·σ(x), not Activation.swish: no Java number in the autograd graph (see Attention). */
  static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.head();
    NDArray h =
        conv1
            .forward(ps, new NDList(silu(norm1.forward(ps, inputs, training).head())), training)
            .head();
    h =
        conv2
            .forward(
                ps, new NDList(silu(norm2.forward(ps, new NDList(h), training).head())), training)
            .head();
    NDArray shortcut = skip == null ? x : skip.forward(ps, inputs, training).head();
    return new NDList(shortcut.add(h));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    Shape out = new Shape(s.get(0), filters, s.get(2), s.get(3), s.get(4));
    norm1.initialize(manager, dataType, s);
    conv1.initialize(manager, dataType, s);
    norm2.initialize(manager, dataType, out);
    conv2.initialize(manager, dataType, out);
    if (skip != null) {
      skip.initialize(manager, dataType, s);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {new Shape(s.get(0), filters, s.get(2), s.get(3), s.get(4))};
  }
}
