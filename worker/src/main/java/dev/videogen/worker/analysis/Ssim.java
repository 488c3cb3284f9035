package dev.videogen.worker.analysis;

import dev.videogen.worker.video.Clip;

/**
 * Structural similarity (Wang et al. 2004) between two clips of one shape, on the [0, 1] scale: the
 * mean over every frame, channel and 7 × 7 window (stride 1, uniform weights) of (2μₐμᵦ + C₁)(2σₐᵦ
 * + C₂) / ((μₐ² + μᵦ² + C₁)(σₐ² + σᵦ² + C₂)), C₁ = 0.01², C₂ = 0.03².
 */
public final class Ssim {
  private static final int WINDOW = 7;
  private static final double C1 = 0.01 * 0.01;
  private static final double C2 = 0.03 * 0.03;

  private Ssim() {}

  public static double of(Clip a, Clip b) {
    if (a.frames() != b.frames() || a.height() != b.height() || a.width() != b.width()) {
      throw new IllegalArgumentException("clips differ in shape: " + a + " vs " + b);
    }
    int h = a.height();
    int w = a.width();
    if (h < WINDOW || w < WINDOW) {
      throw new IllegalArgumentException("SSIM needs frames of at least 7 x 7, got " + w + "x" + h);
    }
    double total = 0;
    long windows = 0;
    int n = WINDOW * WINDOW;
    for (int t = 0; t < a.frames(); t++) {
      for (int c = 0; c < Clip.CHANNELS; c++) {
        for (int y = 0; y + WINDOW <= h; y++) {
          for (int x = 0; x + WINDOW <= w; x++) {
            double sa = 0;
            double sb = 0;
            double saa = 0;
            double sbb = 0;
            double sab = 0;
            for (int dy = 0; dy < WINDOW; dy++) {
              for (int dx = 0; dx < WINDOW; dx++) {
                int i = a.index(t, y + dy, x + dx, c);
                double va = a.rgb()[i];
                double vb = b.rgb()[i];
                sa += va;
                sb += vb;
                saa += va * va;
                sbb += vb * vb;
                sab += va * vb;
              }
            }
            double ma = sa / n;
            double mb = sb / n;
            double va = saa / n - ma * ma;
            double vb = sbb / n - mb * mb;
            double cov = sab / n - ma * mb;
            total +=
                (2 * ma * mb + C1) * (2 * cov + C2) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
            windows++;
          }
        }
      }
    }
    return total / windows;
  }
}
