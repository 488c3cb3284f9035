package dev.videogen.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.videogen.worker.torch.ScriptModule;
import java.io.IOException;
import java.io.OutputStream;

/**
 * PyTorch's fused {@code scaled_dot_product_attention} (flash/memory-efficient kernels: the (N, L)
 * score matrix is never materialised for autograd), which DJL does not bind. It is reached through
 * a one-operation TorchScript module that this class writes itself (below) and loads once per
 * process; autograd records through a module run in training mode like through any other op, so the
 * backward pass is PyTorch's fused one too.
 *
 * <p>Shapes: q (B, h, N, d), k and v (B, h, L, d), bias broadcastable to (B, h, N, L) or absent;
 * returns (B, h, N, d), scaled by 1/√d as {@link Attention#scaledDotProduct} is.
 */
final class FusedAttention {
  /** The module's TorchScript source: one method, forward(q, k, v, bias=None). */
  private static final String CODE =
      String.join(
          "\n",
          "class Sdpa(Module):",
          "  __parameters__ = []",
          "  __buffers__ = []",
          "  training : bool",
          "  def forward(self: __torch__.Sdpa,",
          "    q: Tensor,",
          "    k: Tensor,",
          "    v: Tensor,",
          "    bias: Optional[Tensor]=None) -> Tensor:",
          "    return torch.scaled_dot_product_attention(q, k, v, bias)",
          "");

  private FusedAttention() {}

  /** softmax(q kᵀ / √d + bias) v through PyTorch's fused kernel; bias may be null. */
  static NDArray apply(NDArray q, NDArray k, NDArray v, NDArray bias) {
    NDList inputs = bias == null ? new NDList(q, k, v) : new NDList(q, k, v, bias);
    // No profiling graph executor for one op: it re-specialises on every new shape and slows each
    // call; the switch is per thread in PyTorch, so it is set on the calling one.
    JniUtils.setGraphExecutorOptimize(false);
    // Always run as in training: DJL runs an inference call under c10::InferenceMode, whose results
    // autograd refuses to save when a later op multiplies them by a weight that requires gradients
    // (sampling a model that is also being trained). Run this way the module records exactly what
    // the written-out attention's operations would. The output belongs to q's manager.
    return IValueUtils.forward(module(), inputs, true).singletonOrThrow();
  }

  /** Whether {@code array} lives in the PyTorch engine (the only one this path serves). */
  static boolean supports(NDArray array) {
    return array instanceof PtNDArray;
  }

  private static PtSymbolBlock module() {
    return ScriptModule.shared("Sdpa", CODE);
  }

  /** The TorchScript archive. */
  static void write(OutputStream out) throws IOException {
    ScriptModule.write(out, "Sdpa", CODE);
  }
}
