package dev.videogen.worker.train;

import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.world.SyntheticDataset.Bucket;
import java.util.List;

/**
 * The clip sizes a run trains on, from a dataset's {@code maxSize} and {@code fps}: square,
 * landscape and portrait clips of one second, a square clip of one and a half seconds, and a still
 * image, so one model learns native sizes, aspect ratios and durations. Sides are rounded down to
 * the model's patch size. With the defaults (48 pixels, 8 fps) this is {@link
 * dev.videogen.worker.world.SyntheticDataset#CPU_MIX}.
 */
public final class TrainingSizes {
  public static final int DEFAULT_MAX_SIZE = 48;
  public static final int DEFAULT_FPS = 8;

  private TrainingSizes() {}

  /** The buckets for clips of at most {@code maxSize} pixels a side at {@code fps}. */
  public static List<Bucket> buckets(int maxSize, int fps, DitConfig config) {
    return buckets(maxSize, fps, config.patchH(), config.patchW());
  }

  /** The buckets for clips of at most {@code maxSize} pixels a side, sides multiples of ph, pw. */
  public static List<Bucket> buckets(int maxSize, int fps, int patchH, int patchW) {
    if (maxSize < 1 || fps < 1) {
      throw new IllegalArgumentException("maxSize and fps must be positive");
    }
    int shortSide = (int) Math.round(maxSize * 2.0 / 3);
    int h = round(maxSize, patchH);
    int w = round(maxSize, patchW);
    int sh = round(shortSide, patchH);
    int sw = round(shortSide, patchW);
    int second = fps;
    int longer = (int) Math.round(fps * 1.5);
    return List.of(
        new Bucket(second, sh, sw, fps),
        new Bucket(second, sh, w, fps),
        new Bucket(second, h, sw, fps),
        new Bucket(longer, sh, sw, fps),
        new Bucket(1, sh, sw, fps));
  }

  /**
   * {@code buckets} as an autoencoder takes them: 1 + 4k frames (up from the bucket's, so a one-
   * second clip at 8 fps has 9 frames) and heights and widths down to multiples of {@code height}
   * and {@code width} (8, or 8 times a latent model's patch), at least one.
   */
  public static List<Bucket> forAutoencoder(List<Bucket> buckets, int height, int width) {
    if (height % VaeConfig.SPACE != 0 || width % VaeConfig.SPACE != 0) {
      throw new IllegalArgumentException(
          "sides of autoencoder clips divide by 8, not " + height + " x " + width);
    }
    return buckets.stream()
        .map(
            b ->
                new Bucket(
                    VaeConfig.videoFrames(
                        1 + (b.frames() - 1 + VaeConfig.TIME - 1) / VaeConfig.TIME),
                    round(b.height(), height),
                    round(b.width(), width),
                    b.fps()))
        .distinct()
        .toList();
  }

  // Down to a multiple of the patch, at least one patch.
  private static int round(int side, int patch) {
    return Math.max(patch, side / patch * patch);
  }
}
