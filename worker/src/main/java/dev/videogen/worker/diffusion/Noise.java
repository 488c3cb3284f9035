package dev.videogen.worker.diffusion;

import java.util.SplittableRandom;

/**
 * Counter-based randomness: every draw is a pure function of (seed, step, stream), so training
 * resumed from a checkpoint draws exactly what an uninterrupted run would have drawn, and a
 * sample's noise depends only on its seed. The state to checkpoint is just the seed and the step.
 */
public final class Noise {
  /** Streams, so that changing one use of randomness never shifts another. */
  public enum Stream {
    DATA,
    NOISE,
    TIMESTEP,
    PROMPT_DROPOUT,
    SAMPLE,
    /** Which frames of a training clip are given (the task mix); new streams go last. */
    TASK
  }

  private Noise() {}

  /** A generator for one (seed, step, stream). */
  public static SplittableRandom random(long seed, long step, Stream stream) {
    long mixed =
        seed * 0x9E3779B97F4A7C15L
            + step * 0xBF58476D1CE4E5B9L
            + stream.ordinal() * 0x94D049BB133111EBL;
    return new SplittableRandom(mixed);
  }

  /** {@code count} standard normal values. */
  public static float[] gaussian(SplittableRandom random, int count) {
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }
}
