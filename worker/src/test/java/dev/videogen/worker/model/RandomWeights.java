package dev.videogen.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test weights: fills parameters with small random values, so a model's zero-initialised layers
 * (adaLN-Zero, the final layer, the frame conditioning) do something and outputs depend on inputs.
 */
public final class RandomWeights {
  private RandomWeights() {}

  /** Every trainable parameter of {@code model} except those in {@code keep}. */
  public static void fill(PatchDit model, long seed, List<Parameter> keep) {
    SplittableRandom random = new SplittableRandom(seed);
    for (Parameter p : model.trainableParameters()) {
      if (keep.contains(p)) {
        continue;
      }
      NDArray a = p.getArray();
      float[] values = new float[(int) a.getShape().size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (0.05 * random.nextGaussian());
      }
      a.set(values);
    }
  }
}
