package dev.videogen.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.videogen.worker.torch.Foreach;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter): Adam with weight decay applied to the weights directly, not
 * through the gradient; no decay on biases and norm scales and shifts. Every parameter of a group
 * is updated by one call of PyTorch's fused multi-tensor kernel ({@code _fused_adamw_}, what {@code
 * torch.optim.AdamW(fused=True)} runs), in place and outside autograd.
 *
 * <p>State: the first and second moment of every parameter, and the step count t (for the bias
 * corrections). All of it is saved in checkpoints so a resumed run continues exactly.
 */
public final class AdamW implements AutoCloseable {
  private final List<Parameter> parameters;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final NDManager manager;
  private final NDArray[] means;
  private final NDArray[] variances;
  private final List<Integer> decaying = new ArrayList<>();
  private final List<Integer> notDecaying = new ArrayList<>();
  private long t;

  public AdamW(
      List<Parameter> parameters, NDManager parent, float beta1, float beta2, float epsilon) {
    this.parameters = List.copyOf(parameters);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.manager = parent.newSubManager();
    means = new NDArray[parameters.size()];
    variances = new NDArray[parameters.size()];
    for (int i = 0; i < parameters.size(); i++) {
      NDArray w = parameters.get(i).getArray();
      means[i] = manager.zeros(w.getShape(), w.getDataType());
      variances[i] = manager.zeros(w.getShape(), w.getDataType());
      (decays(parameters.get(i)) ? decaying : notDecaying).add(i);
    }
  }

  /** Whether weight decay applies: to weights and embeddings, not to biases and norms. */
  public static boolean decays(Parameter p) {
    return p.getType() == Parameter.Type.WEIGHT;
  }

  /**
   * One update of every parameter from its gradient times {@code gradientScale} (global-norm
   * clipping passes its factor here), then the gradients are zeroed.
   */
  public void update(float learningRate, float weightDecay, float gradientScale) {
    try (NDManager scope = manager.newSubManager()) {
      update(learningRate, weightDecay, gradientScale, GradientNorm.gradients(parameters, scope));
    }
    // PyTorch accumulates gradients: start the next step from zero.
    zeroGradients();
  }

  /**
   * One update of every parameter from {@code gradients} (in parameter order, on the parameters'
   * devices) times {@code gradientScale}; the gradients are scaled in place.
   */
  public void update(
      float learningRate, float weightDecay, float gradientScale, List<NDArray> gradients) {
    if (parameters.isEmpty()) {
      return;
    }
    if (gradients.size() != parameters.size()) {
      throw new IllegalArgumentException(
          gradients.size() + " gradients for " + parameters.size() + " parameters");
    }
    t++;
    List<NDArray> weights = new ArrayList<>(parameters.size());
    for (Parameter p : parameters) {
      weights.add(p.getArray());
    }
    if (gradientScale != 1f) {
      Foreach.scale(gradients, gradientScale);
    }
    // The kernel reads Adam's bias corrections from a step count per tensor: one 0-d tensor holds
    // t for all of them (it is not incremented by the kernel).
    try (NDArray count = weights.get(0).getManager().create((float) t)) {
      for (boolean decay : new boolean[] {true, false}) {
        List<Integer> group = decay ? decaying : notDecaying;
        Foreach.adamw(
            pick(weights, group),
            pick(gradients, group),
            pick(List.of(means), group),
            pick(List.of(variances), group),
            java.util.Collections.nCopies(group.size(), count),
            learningRate,
            beta1,
            beta2,
            decay ? weightDecay : 0f,
            epsilon);
      }
    }
  }

  private static List<NDArray> pick(List<NDArray> arrays, List<Integer> indices) {
    List<NDArray> out = new ArrayList<>(indices.size());
    for (int i : indices) {
      out.add(arrays.get(i));
    }
    return out;
  }

  /** Drops the accumulated gradients without updating. */
  public void zeroGradients() {
    zeroGradients(parameters);
  }

  /** Zeroes the gradients of {@code parameters} in one call (PyTorch accumulates them). */
  static void zeroGradients(List<Parameter> parameters) {
    try (NDManager scope = NDManager.newBaseManager()) {
      Foreach.zero(GradientNorm.gradients(parameters, scope));
    }
  }

  public long steps() {
    return t;
  }

  /** Moments in parameter order: means then variances. */
  public NDList state() {
    NDList out = new NDList();
    out.addAll(List.of(means));
    out.addAll(List.of(variances));
    return out;
  }

  /** Restores moments saved by {@link #state()} and the step count. */
  public void load(NDList state, long steps) {
    int n = parameters.size();
    if (state.size() != 2 * n) {
      throw new IllegalArgumentException(
          "optimizer state has " + state.size() + " arrays, expected " + 2 * n);
    }
    for (int i = 0; i < n; i++) {
      means[i].set(state.get(i).toByteBuffer());
      variances[i].set(state.get(n + i).toByteBuffer());
    }
    t = steps;
  }

  @Override
  public void close() {
    manager.close();
  }
}
