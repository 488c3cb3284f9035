package dev.videogen.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter): Adam with weight decay applied to the weights directly, not
 * through the gradient; no decay on biases and norm scales and shifts. Each parameter is updated by
 * PyTorch's fused in-place kernel (through DJL), with autograd off.
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
      List<NDArray> gradients = new java.util.ArrayList<>(parameters.size());
      for (Parameter p : parameters) {
        NDArray g = p.getArray().getGradient();
        g.attach(scope);
        gradients.add(g);
      }
      update(learningRate, weightDecay, gradientScale, gradients);
    }
    // PyTorch accumulates gradients: start the next step from zero.
    zeroGradients();
  }

  /**
   * One update of every parameter from {@code gradients} (in parameter order, on the parameters'
   * devices) times {@code gradientScale}; the parameters' own gradients are left as they are.
   */
  public void update(
      float learningRate, float weightDecay, float gradientScale, List<NDArray> gradients) {
    if (gradients.size() != parameters.size()) {
      throw new IllegalArgumentException(
          gradients.size() + " gradients for " + parameters.size() + " parameters");
    }
    t++;
    // Adam's bias corrections folded into the step size: lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ).
    float corrected =
        (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      NDArray w = p.getArray();
      w.getNDArrayInternal()
          .adamUpdate(
              new NDList(w, gradients.get(i), means[i], variances[i]),
              new NDList(w),
              learningRate,
              corrected,
              decays(p) ? weightDecay : 0f,
              gradientScale,
              -1f, // no element-wise clipping: the global norm is clipped by gradientScale
              beta1,
              beta2,
              epsilon,
              false,
              true); // AdamW: decoupled decay
    }
  }

  /** Drops the accumulated gradients without updating. */
  public void zeroGradients() {
    for (Parameter p : parameters) {
      ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p.getArray());
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
