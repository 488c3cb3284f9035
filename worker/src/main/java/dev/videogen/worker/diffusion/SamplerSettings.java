package dev.videogen.worker.diffusion;

/**
 * How to draw a sample: Euler steps from noise to data, the classifier-free guidance scale (1 turns
 * guidance off), the timestep shift (0 = from the token count, as in training) and the seed of the
 * initial noise.
 */
public record SamplerSettings(int steps, double guidanceScale, double shift, long seed) {
  public SamplerSettings {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    if (guidanceScale < 0) {
      throw new IllegalArgumentException(
          "guidance scale must not be negative, got " + guidanceScale);
    }
  }

  /** Open-Sora's defaults: 30 steps, guidance 7. */
  public static SamplerSettings defaults(long seed) {
    return new SamplerSettings(30, 7.0, 0, seed);
  }
}
