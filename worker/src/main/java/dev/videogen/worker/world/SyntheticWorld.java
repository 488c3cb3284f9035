package dev.videogen.worker.world;

import dev.videogen.worker.video.Clip;
import java.util.SplittableRandom;

/**
 * The built-in dataset: one coloured shape moving in a straight line over a plain, graded or noisy
 * background, at any size, aspect ratio, duration and frame rate. Procedural and seeded, so it
 * needs no download and its ground truth is known exactly (see {@code VideoAnalyzer}).
 */
public final class SyntheticWorld {
  /** Supersampling per axis when rendering: anti-aliased edges. */
  private static final int SUPERSAMPLE = 3;

  private SyntheticWorld() {}

  /** A random training clip of the given size: never one of the {@link HeldOut} combinations. */
  public static ClipSpec sampleTraining(
      SplittableRandom random, int width, int height, int frames, double fps) {
    while (true) {
      ClipSpec s = sampleAny(random, width, height, frames, fps);
      if (!HeldOut.isHeldOut(s.colour(), s.shape(), s.direction())) {
        return s;
      }
    }
  }

  /** A random clip of one held-out combination (for evaluation). */
  public static ClipSpec sampleHeldOut(
      SplittableRandom random, int width, int height, int frames, double fps) {
    HeldOut.Combination c = HeldOut.COMBINATIONS.get(random.nextInt(HeldOut.COMBINATIONS.size()));
    ClipSpec s = sampleAny(random, width, height, frames, fps);
    return new ClipSpec(
        c.colour(),
        c.shape(),
        c.direction(),
        s.speed(),
        s.background(),
        width,
        height,
        frames,
        fps,
        s.size(),
        s.across(),
        s.seed());
  }

  /** A random clip of any combination. */
  public static ClipSpec sampleAny(
      SplittableRandom random, int width, int height, int frames, double fps) {
    return new ClipSpec(
        pick(random, Colour.values()),
        pick(random, Shape.values()),
        pick(random, Direction.values()),
        pick(random, Speed.values()),
        pick(random, Background.values()),
        width,
        height,
        frames,
        fps,
        0.26 + 0.12 * random.nextDouble(),
        random.nextDouble(),
        random.nextLong());
  }

  private static <T> T pick(SplittableRandom random, T[] values) {
    return values[random.nextInt(values.length)];
  }

  /** Renders {@code spec} as RGB frames in [0, 1]. */
  public static Clip render(ClipSpec spec) {
    int w = spec.width();
    int h = spec.height();
    Clip clip = Clip.blank(spec.frames(), h, w, spec.fps());
    float[] rgb = clip.rgb();
    float[] colour = spec.colour().rgb();
    double r = spec.radius();
    for (int t = 0; t < spec.frames(); t++) {
      double[] centre = spec.centre(t);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float bg = spec.background().level(x, y, h, spec.seed());
          float coverage = coverage(spec.shape(), x, y, centre, r);
          int i = clip.index(t, y, x, 0);
          for (int c = 0; c < 3; c++) {
            rgb[i + c] = bg * (1 - coverage) + colour[c] * coverage;
          }
        }
      }
    }
    return clip;
  }

  /** Fraction of pixel (x, y) covered by the shape centred at {@code centre} with half side r. */
  private static float coverage(Shape shape, int x, int y, double[] centre, double r) {
    if (Math.abs(x + 0.5 - centre[0]) > r + 1 || Math.abs(y + 0.5 - centre[1]) > r + 1) {
      return 0;
    }
    int inside = 0;
    for (int sy = 0; sy < SUPERSAMPLE; sy++) {
      for (int sx = 0; sx < SUPERSAMPLE; sx++) {
        double px = x + (sx + 0.5) / SUPERSAMPLE;
        double py = y + (sy + 0.5) / SUPERSAMPLE;
        if (shape.contains((px - centre[0]) / r, (py - centre[1]) / r)) {
          inside++;
        }
      }
    }
    return inside / (float) (SUPERSAMPLE * SUPERSAMPLE);
  }
}
