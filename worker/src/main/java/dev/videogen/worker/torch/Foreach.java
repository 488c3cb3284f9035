package dev.videogen.worker.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/**
 * PyTorch's multi-tensor ("foreach") kernels over lists of tensors, which DJL does not bind: one
 * call updates every parameter, where a loop makes one JNI call and one result wrapper per
 * parameter and operation (the optimiser, the EMA and gradient zeroing of a small model are
 * hundreds of them a step). The kernels run in place, outside autograd (DJL runs a module's method
 * under inference mode, in which PyTorch allows in-place updates of ordinary tensors), on whatever
 * device the tensors are on.
 */
public final class Foreach {
  private static final String CODE =
      String.join(
          "\n",
          "class Foreach(Module):",
          "  __parameters__ = []",
          "  __buffers__ = []",
          "  training : bool",
          "  def adamw(self: __torch__.Foreach,",
          "    params: List[Tensor],",
          "    grads: List[Tensor],",
          "    exp_avgs: List[Tensor],",
          "    exp_avg_sqs: List[Tensor],",
          "    steps: List[Tensor],",
          "    lr: float,",
          "    beta1: float,",
          "    beta2: float,",
          "    weight_decay: float,",
          "    eps: float) -> None:",
          "    torch._fused_adamw_(params, grads, exp_avgs, exp_avg_sqs,"
              + " annotate(List[Tensor], []), steps, lr=lr, beta1=beta1, beta2=beta2,"
              + " weight_decay=weight_decay, eps=eps, amsgrad=False, maximize=False)",
          "    return None",
          "  def scale(self: __torch__.Foreach,",
          "    tensors: List[Tensor],",
          "    factor: float) -> None:",
          "    torch._foreach_mul_(tensors, factor)",
          "    return None",
          "  def lerp(self: __torch__.Foreach,",
          "    starts: List[Tensor],",
          "    ends: List[Tensor],",
          "    weight: float) -> None:",
          "    torch._foreach_lerp_(starts, ends, weight)",
          "    return None",
          "  def zero(self: __torch__.Foreach,",
          "    tensors: List[Tensor]) -> None:",
          "    torch._foreach_zero_(tensors)",
          "    return None",
          "  def norm(self: __torch__.Foreach,",
          "    tensors: List[Tensor]) -> Tensor:",
          "    norms = torch.stack(torch._foreach_norm(tensors, 2.))",
          "    return torch.sqrt(torch.sum(torch.mul(norms, norms)))",
          "");

  private Foreach() {}

  /**
   * One AdamW step (PyTorch's fused kernel, decoupled weight decay) of {@code params} from {@code
   * grads}, updating the moments; {@code steps} are the step counts (0-d float tensors, this step's
   * number, one per tensor and possibly the same one) that Adam's bias corrections read.
   */
  public static void adamw(
      List<NDArray> params,
      List<NDArray> grads,
      List<NDArray> expAvgs,
      List<NDArray> expAvgSqs,
      List<NDArray> steps,
      double lr,
      double beta1,
      double beta2,
      double weightDecay,
      double eps) {
    if (params.isEmpty()) {
      return;
    }
    run(
        "adamw",
        list(params),
        list(grads),
        list(expAvgs),
        list(expAvgSqs),
        list(steps),
        IValue.from(lr),
        IValue.from(beta1),
        IValue.from(beta2),
        IValue.from(weightDecay),
        IValue.from(eps));
  }

  /** tensors ← factor · tensors, in place. */
  public static void scale(List<NDArray> tensors, double factor) {
    if (!tensors.isEmpty()) {
      run("scale", list(tensors), IValue.from(factor));
    }
  }

  /** starts ← starts + weight · (ends − starts), in place (an EMA update with weight 1 − decay). */
  public static void lerp(List<NDArray> starts, List<NDArray> ends, double weight) {
    if (!starts.isEmpty()) {
      run("lerp", list(starts), list(ends), IValue.from(weight));
    }
  }

  /** tensors ← 0, in place. */
  public static void zero(List<NDArray> tensors) {
    if (!tensors.isEmpty()) {
      run("zero", list(tensors));
    }
  }

  /** √(Σ ‖t‖²) over {@code tensors} (all on one device). */
  public static double norm(List<NDArray> tensors) {
    if (tensors.isEmpty()) {
      return 0;
    }
    PtNDManager manager = (PtNDManager) tensors.get(0).getManager();
    IValue result = call("norm", list(tensors));
    try (PtNDArray norm = result.toTensor(manager)) {
      return norm.getFloat();
    } finally {
      result.close();
    }
  }

  private static void run(String method, IValue... arguments) {
    call(method, arguments).close();
  }

  private static IValue call(String method, IValue... arguments) {
    // No profiling graph executor: it re-specialises on every new list length and shape; the
    // switch is per thread in PyTorch, so it is set on the calling one.
    JniUtils.setGraphExecutorOptimize(false);
    try {
      return IValueUtils.runMethod(module(), method, arguments);
    } finally {
      for (IValue a : arguments) {
        a.close();
      }
    }
  }

  private static IValue list(List<NDArray> tensors) {
    PtNDArray[] arrays = new PtNDArray[tensors.size()];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = (PtNDArray) tensors.get(i);
    }
    return IValue.listFrom(arrays);
  }

  private static PtSymbolBlock module() {
    return ScriptModule.shared("Foreach", CODE);
  }
}
