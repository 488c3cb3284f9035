package dev.videogen.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Multi-head attention: self-attention over the spacetime tokens, or cross-attention from them to
 * the text tokens.
 *
 * <p>Shapes: B batch, N query tokens, L key tokens (N for self-attention), D width, h heads, d = D
 * / h head size. Inputs: self-attention {@code x} (B, N, D) and optionally {@code keyMask} (B, N);
 * cross-attention {@code x}, {@code context} (B, L, D) and {@code keyMask} (B, L). A key mask has 1
 * for a token and 0 for padding; in its place an additive bias (B, 1, N, L) (0 to attend, −1e9 not
 * to: block-diagonal for packed sequences) may be given. Output (B, N, D).
 */
public final class Attention extends AbstractBlock {
  /** System property choosing the attention kernel: {@code fused} (default) or {@code math}. */
  public static final String IMPLEMENTATION = "videogen.attention";

  private static final boolean FUSED = !"math".equals(System.getProperty(IMPLEMENTATION, "fused"));

  private final int width;
  private final int heads;
  private final boolean cross;
  private final Linear query;
  private final Linear keyValue;
  private final Linear queryKeyValue;
  private final Linear out;

  private Attention(int width, int heads, boolean cross, boolean zeroOutput) {
    this.width = width;
    this.heads = heads;
    this.cross = cross;
    if (cross) {
      query = addChildBlock("query", Dense.of(width));
      keyValue = addChildBlock("keyValue", Dense.of(2L * width));
      queryKeyValue = null;
    } else {
      query = null;
      keyValue = null;
      queryKeyValue = addChildBlock("queryKeyValue", Dense.of(3L * width));
    }
    out = addChildBlock("out", Dense.of(width));
    if (zeroOutput) {
      out.setInitializer(Initializer.ZEROS, p -> true);
    }
  }

  public static Attention self(int width, int heads) {
    return new Attention(width, heads, false, false);
  }

  /**
   * Cross-attention whose output projection starts at zero, so a DiT block that adds it is still
   * the identity at initialisation (adaLN-Zero gates only the self-attention and MLP branches).
   */
  public static Attention crossZeroInit(int width, int heads) {
    return new Attention(width, heads, true, true);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0); // (B, N, D)
    Shape s = x.getShape();
    long b = s.get(0);
    long n = s.get(1);
    long d = width / heads;
    NDArray q;
    NDArray k;
    NDArray v;
    NDArray bias = null;
    if (cross) {
      NDArray context = inputs.get(1); // (B, L, D)
      long l = context.getShape().get(1);
      q = query.forward(ps, new NDList(x), training).head();
      NDArray kv = keyValue.forward(ps, new NDList(context), training).head(); // (B, L, 2D)
      NDArray kvHeads = kv.reshape(b, l, 2, heads, d).transpose(2, 0, 3, 1, 4); // (2, B, h, L, d)
      k = kvHeads.get(0);
      v = kvHeads.get(1);
      bias = maskBias(inputs.get(2));
      q = q.reshape(b, n, heads, d).transpose(0, 2, 1, 3); // (B, h, N, d)
    } else {
      NDArray qkv = queryKeyValue.forward(ps, new NDList(x), training).head(); // (B, N, 3D)
      NDArray qkvHeads = qkv.reshape(b, n, 3, heads, d).transpose(2, 0, 3, 1, 4); // (3, B, h, N, d)
      q = qkvHeads.get(0);
      k = qkvHeads.get(1);
      v = qkvHeads.get(2);
      if (inputs.size() > 1) {
        bias = maskBias(inputs.get(1));
      }
    }
    NDArray attended = attend(q, k, v, bias); // (B, h, N, d)
    NDArray merged = attended.transpose(0, 2, 1, 3).reshape(b, n, width); // (B, N, D)
    return out.forward(ps, new NDList(merged), training);
  }

  /** (B, L) key mask → (B, 1, 1, L) bias: padding gets -1e9, so exp underflows to exactly 0. */
  private static NDArray maskBias(NDArray keyMask) {
    if (keyMask.getShape().dimension() == 4) {
      return keyMask; // already a bias (B, 1, N, L)
    }
    Shape s = keyMask.getShape();
    return keyMask.sub(1f).mul(1e9f).reshape(s.get(0), 1, 1, s.get(1));
  }

  /**
   * softmax(q kᵀ / √d + bias) v (q (B, h, N, d), k and v (B, h, L, d), bias broadcastable to (B, h,
   * N, L) or null; returns (B, h, N, d)) through PyTorch's fused kernel ({@link FusedAttention}),
   * or through {@link #scaledDotProduct} where the system property {@value #IMPLEMENTATION} is
   * {@code math} (for comparison) or the arrays are not PyTorch's.
   */
  static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray bias) {
    if (FUSED && FusedAttention.supports(q)) {
      return FusedAttention.apply(q, k, v, bias);
    }
    return scaledDotProduct(q, k, v, bias);
  }

  /**
   * softmax(q kᵀ / √d + bias) v written out as matrix products and a softmax, for q (B, h, N, d), k
   * and v (B, h, L, d), bias broadcastable to (B, h, N, L) or null; returns (B, h, N, d).
   */
  public static NDArray scaledDotProduct(NDArray q, NDArray k, NDArray v, NDArray bias) {
    float scale = (float) (1.0 / Math.sqrt(q.getShape().get(3)));
    // Never q.mul(float): DJL turns the float into a tensor over a Java direct buffer and closes it
    // at once, while autograd keeps it for the backward pass; a garbage collection in between frees
    // the buffer and the gradients read whatever lies there (GradientsUnderGcTest). A tensor that
    // PyTorch allocates itself is safe.
    NDArray scaleArray = q.getManager().full(new Shape(), scale, q.getDataType());
    NDArray scores = q.mul(scaleArray).matMul(k.transpose(0, 1, 3, 2)); // (B, h, N, L)
    if (bias != null) {
      scores = scores.add(bias);
    }
    return scores.softmax(-1).matMul(v);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape tokens = new Shape(1, 1, width);
    for (Linear linear :
        cross ? new Linear[] {query, keyValue, out} : new Linear[] {queryKeyValue, out}) {
      linear.initialize(manager, dataType, tokens);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
