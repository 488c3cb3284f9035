package dev.videogen.worker.train;

import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.world.SyntheticDataset.Bucket;
import java.util.List;

/**
 * The clip sizes a run trains on, from a dataset's {@code maxSize} and {@code fps}: square,
 * landscape and portrait clips of one second, a square clip of one and a half seconds, and a still
 * image, so one model learns native sizes, aspect ratios and durations. Each model then rounds them
 * to what it takes ({@link Trainable#fit}: {@link #forPatches}, {@link #forAutoencoder}). With the
 * defaults (48 pixels, 8 fps) and patches that divide 16 this is {@link
 * dev.videogen.worker.world.SyntheticDataset#CPU_MIX}.
 */
public final class TrainingSizes {
  public static final int DEFAULT_MAX_SIZE = 48;
  public static final int DEFAULT_FPS = 8;

  private TrainingSizes() {}

  /** The buckets for clips of at most {@code maxSize} pixels a side at {@code fps}. */
  public static List<Bucket> buckets(int maxSize, int fps) {
    if (maxSize < 1 || fps < 1) {
      throw new IllegalArgumentException("maxSize and fps must be positive");
    }
    int side = maxSize;
    int shortSide = Math.max(1, (int) Math.round(maxSize * 2.0 / 3));
    int second = fps;
    int longer = (int) Math.round(fps * 1.5);
    return List.of(
        new Bucket(second, shortSide, shortSide, fps),
        new Bucket(second, shortSide, side, fps),
        new Bucket(second, side, shortSide, fps),
        new Bucket(longer, shortSide, shortSide, fps),
        new Bucket(1, shortSide, shortSide, fps));
  }

  /** {@code buckets} with heights and widths down to multiples of ph and pw, at least one. */
  public static List<Bucket> forPatches(List<Bucket> buckets, int patchH, int patchW) {
    return buckets.stream()
        .map(
            b ->
                new Bucket(
                    b.frames(), round(b.height(), patchH), round(b.width(), patchW), b.fps()))
        .distinct()
        .toList();
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
                    VaeConfig.videoFrames(VaeConfig.latentFramesCovering(b.frames())),
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
