package dev.videogen.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.videogen.worker.torch.Foreach;
import java.util.ArrayList;
import java.util.List;

/**
 * Exponential moving average of the weights, ema ← decay · ema + (1 − decay) · w after every step;
 * samples are drawn from the average, which is smoother than the last step's weights.
 */
public final class Ema implements AutoCloseable {
  private final List<Parameter> parameters;
  private final NDManager manager;
  private final NDArray[] averages;

  public Ema(List<Parameter> parameters, NDManager parent) {
    this.parameters = List.copyOf(parameters);
    this.manager = parent.newSubManager();
    averages = new NDArray[parameters.size()];
    for (int i = 0; i < averages.length; i++) {
      averages[i] = parameters.get(i).getArray().duplicate();
      averages[i].attach(manager);
    }
  }

  /** ema ← decay · ema + (1 − decay) · w for every parameter, in one multi-tensor call. */
  public void update(float decay) {
    List<NDArray> weights = new ArrayList<>(parameters.size());
    for (Parameter p : parameters) {
      weights.add(p.getArray());
    }
    Foreach.lerp(List.of(averages), weights, 1.0 - decay);
  }

  /** The averages in parameter order. */
  public NDList state() {
    return new NDList(averages);
  }

  public void load(NDList state) {
    if (state.size() != averages.length) {
      throw new IllegalArgumentException(
          "EMA state has " + state.size() + " arrays, expected " + averages.length);
    }
    for (int i = 0; i < averages.length; i++) {
      averages[i].set(state.get(i).toByteBuffer());
    }
  }

  /** Swaps the averaged weights into the model (call again to swap back). */
  public void swapIntoModel() {
    for (int i = 0; i < averages.length; i++) {
      NDArray w = parameters.get(i).getArray();
      try (NDArray current = w.duplicate()) {
        w.set(averages[i].toByteBuffer());
        averages[i].set(current.toByteBuffer());
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
