package dev.videogen.worker.model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Factorised sin-cos position embeddings for any (T', H', W') token grid: the width is split into a
 * temporal, a vertical and a horizontal part, each the classic transformer sinusoids of that axis's
 * index. Nothing is learned, so a model trained on some sizes and durations still has meaningful
 * positions on others (native sizes and aspect ratios).
 *
 * <p>Split: h and w get 2·⌊D/6⌋ dimensions each, t the rest (D must be even).
 */
public final class SpacetimePositions {
  private static final Map<String, float[]> CACHE = new ConcurrentHashMap<>();

  private SpacetimePositions() {}

  /** The (N, D) embedding, row-major, tokens in the order of {@link Patchify}. */
  public static float[] of(int width, int[] grid) {
    return CACHE.computeIfAbsent(
        width + ":" + grid[0] + "x" + grid[1] + "x" + grid[2], k -> compute(width, grid));
  }

  private static float[] compute(int width, int[] grid) {
    int spatial = 2 * (width / 6);
    int temporal = width - 2 * spatial;
    int n = grid[0] * grid[1] * grid[2];
    float[] out = new float[n * width];
    int token = 0;
    for (int t = 0; t < grid[0]; t++) {
      for (int y = 0; y < grid[1]; y++) {
        for (int x = 0; x < grid[2]; x++) {
          int base = token * width;
          sinusoid(out, base, temporal, t);
          sinusoid(out, base + temporal, spatial, y);
          sinusoid(out, base + temporal + spatial, spatial, x);
          token++;
        }
      }
    }
    return out;
  }

  /** Writes [sin(p·ω₀) … sin(p·ωₖ), cos(p·ω₀) … cos(p·ωₖ)] with ωᵢ = 10000^(−i/k), k = dim / 2. */
  static void sinusoid(float[] out, int offset, int dim, int position) {
    int half = dim / 2;
    for (int i = 0; i < half; i++) {
      double omega = Math.pow(10000.0, -(double) i / half);
      out[offset + i] = (float) Math.sin(position * omega);
      out[offset + half + i] = (float) Math.cos(position * omega);
    }
  }
}
