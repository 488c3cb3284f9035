package dev.videogen.worker.analysis;

import dev.videogen.worker.video.Clip;

/** Peak signal-to-noise ratio between two clips of one shape, on the [0, 1] scale. */
public final class Psnr {
  private Psnr() {}

  /** 10·log10(1 / MSE) over every value of every frame; infinite for identical clips. */
  public static double of(Clip a, Clip b) {
    if (a.frames() != b.frames() || a.height() != b.height() || a.width() != b.width()) {
      throw new IllegalArgumentException("clips differ in shape: " + a + " vs " + b);
    }
    double sum = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      double d = a.rgb()[i] - b.rgb()[i];
      sum += d * d;
    }
    double mse = sum / a.rgb().length;
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
  }
}
