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
 * One DiT block with adaLN-Zero conditioning (Peebles and Xie, 2023), plus cross-attention to the
 * text tokens as in PixArt-α:
 *
 * <pre>
 *   x = x + gate₁ · selfAttention(modulate(norm(x), shift₁, scale₁))
 *   x = x + crossAttention(norm(x), text)
 *   x = x + gate₂ · mlp(modulate(norm(x), shift₂, scale₂))
 * </pre>
 *
 * The six modulation vectors come from the conditioning vector c (timestep and pooled text). The
 * modulation layer and the cross-attention output start at zero, so at initialisation the block is
 * the identity and a deep stack trains from the start.
 *
 * <p>Inputs: x (B, N, D), c (B, D) or per token (B, N, D), text (B, L, D), textMask (B, L) or an
 * additive bias (B, 1, N, L), and optionally a self-attention bias (B, 1, N, N) (packed sequences:
 * block-diagonal). Output: x (B, N, D).
 */
public final class DitBlock extends AbstractBlock {
  private final DitConfig config;
  private final Linear modulation;
  private final LayerNorm norm1;
  private final Attention selfAttention;
  private final LayerNorm norm2;
  private final Attention crossAttention;
  private final LayerNorm norm3;
  private final Linear mlpIn;
  private final Linear mlpOut;

  public DitBlock(DitConfig config) {
    this.config = config;
    int d = config.width();
    modulation = addChildBlock("modulation", Linear.builder().setUnits(6L * d).build());
    modulation.setInitializer(Initializer.ZEROS, p -> true); // adaLN-Zero
    norm1 = addChildBlock("norm1", plainNorm());
    selfAttention = addChildBlock("selfAttention", Attention.self(d, config.heads()));
    norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).optEpsilon(1e-6f).build());
    crossAttention = addChildBlock("crossAttention", Attention.crossZeroInit(d, config.heads()));
    norm3 = addChildBlock("norm3", plainNorm());
    mlpIn = addChildBlock("mlpIn", Dense.of((long) config.mlpRatio() * d));
    mlpOut = addChildBlock("mlpOut", Dense.of(d));
  }

  /**
   * LayerNorm over the last axis of (B, N, D) without its own scale and shift: adaLN supplies them.
   */
  static LayerNorm plainNorm() {
    return LayerNorm.builder().axis(2).optCenter(false).optScale(false).optEpsilon(1e-6f).build();
  }

  /** x · (1 + scale) + shift, for x (B, N, D) and shift, scale (B, 1, D). */
  static NDArray modulate(NDArray x, NDArray shift, NDArray scale) {
    return x.mul(scale.add(1f)).add(shift);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0); // (B, N, D)
    NDArray c = inputs.get(1); // (B, D)
    NDArray text = inputs.get(2); // (B, L, D)
    NDArray textMask = inputs.get(3); // (B, L)
    // SiLU as x·σ(x), not Activation.swish: see Attention.scaledDotProduct on scalar operands.
    NDArray silu = c.mul(Activation.sigmoid(c));
    NDArray mod = modulation.forward(ps, new NDList(silu), training).head();
    NDList m = perToken(mod).split(6, 2); // six (B, 1, D), or (B, N, D) per token
    NDArray h = modulate(forward(norm1, ps, x, training), m.get(0), m.get(1));
    NDList attend = inputs.size() > 4 ? new NDList(h, inputs.get(4)) : new NDList(h);
    x = x.add(m.get(2).mul(selfAttention.forward(ps, attend, training).head()));
    h = forward(norm2, ps, x, training);
    x = x.add(crossAttention.forward(ps, new NDList(h, text, textMask), training).head());
    h = modulate(forward(norm3, ps, x, training), m.get(3), m.get(4));
    h = Activation.gelu(forward(mlpIn, ps, h, training));
    x = x.add(m.get(5).mul(forward(mlpOut, ps, h, training)));
    return new NDList(x);
  }

  /** Modulation (B, k·D) → (B, 1, k·D); one already per token (B, N, k·D) stays as it is. */
  static NDArray perToken(NDArray modulation) {
    return modulation.getShape().dimension() == 2 ? modulation.expandDims(1) : modulation;
  }

  private static NDArray forward(
      ai.djl.nn.Block block, ParameterStore ps, NDArray x, boolean training) {
    return block.forward(ps, new NDList(x), training).head();
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    int d = config.width();
    Shape tokens = new Shape(1, 1, d);
    modulation.initialize(manager, dataType, new Shape(1, d));
    norm1.initialize(manager, dataType, tokens);
    selfAttention.initialize(manager, dataType, tokens);
    norm2.initialize(manager, dataType, tokens);
    crossAttention.initialize(manager, dataType, tokens, tokens, new Shape(1, 1));
    norm3.initialize(manager, dataType, tokens);
    mlpIn.initialize(manager, dataType, tokens);
    mlpOut.initialize(manager, dataType, new Shape(1, 1, (long) config.mlpRatio() * d));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
