package dev.videogen.worker.world;

/**
 * Low-saturation backgrounds, so the coloured object is always the one saturated thing in frame.
 */
public enum Background {
  BLACK,
  GREY,
  GRADIENT,
  NOISE;

  /** Grey level of pixel (x, y) of a frame of the given height; {@code seed} varies the noise. */
  float level(int x, int y, int height, long seed) {
    return switch (this) {
      case BLACK -> 0.04f;
      case GREY -> 0.3f;
      case GRADIENT -> 0.08f + 0.3f * y / Math.max(1, height - 1);
      case NOISE -> 0.18f + 0.1f * (hash(x, y, seed) - 0.5f);
    };
  }

  /** A static per-pixel value in [0, 1). */
  private static float hash(int x, int y, long seed) {
    long h = seed * 0x9E3779B97F4A7C15L + x * 0xBF58476D1CE4E5B9L + y * 0x94D049BB133111EBL;
    h ^= h >>> 31;
    h *= 0xD6E8FEB86659FD93L;
    h ^= h >>> 32;
    return (h >>> 40) / (float) (1L << 24);
  }
}
