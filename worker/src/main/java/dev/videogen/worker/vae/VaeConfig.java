package dev.videogen.worker.vae;

import ai.djl.ndarray.types.Shape;
import dev.videogen.api.v1alpha1.spec.ModelPreset;
import dev.videogen.api.v1alpha1.spec.ModelSpec;

/**
 * The architecture of the causal video autoencoder: 4× compression in time and 8× in space, so a
 * video of 1 + 4k frames of H × W becomes 1 + k latent frames of H/8 × W/8 (the first frame is
 * encoded on its own: an image is a one-frame video).
 *
 * @param channels channels of the video (3)
 * @param latentChannels channels of the latent
 * @param width channels of the first stage; the two deeper stages have twice as many
 * @param residual whether parameter-free {@link Shortcuts} bypass every change of resolution and
 *     the latent bottleneck (DC-AE's residual autoencoding); false in files written before they
 *     existed
 */
public record VaeConfig(int channels, int latentChannels, int width, boolean residual) {
  /** Time compression: latent frame j ≥ 1 stands for frames 4j − 3 … 4j. */
  public static final int TIME = 4;

  /** Space compression per side. */
  public static final int SPACE = 8;

  public VaeConfig {
    if (channels < 1 || latentChannels < 1 || width < 1) {
      throw new IllegalArgumentException("channels, latent channels and width must be positive");
    }
  }

  /** A residual autoencoder, as every new one is. */
  public VaeConfig(int channels, int latentChannels, int width) {
    this(channels, latentChannels, width, true);
  }

  /** Latent channels when a TrainingRun leaves {@code model.latentChannels} out. */
  public static final int DEFAULT_LATENT_CHANNELS = 16;

  /**
   * The autoencoder a TrainingRun of stage Autoencoder trains: the preset's first-stage width (tiny
   * 32, small 64, base and up 128, as SD's VAE) unless {@code model.width} overrides it, and {@code
   * model.latentChannels} (default {@value #DEFAULT_LATENT_CHANNELS}); null: the tiny preset.
   */
  public static VaeConfig from(ModelSpec spec) {
    ModelPreset preset =
        spec == null || spec.getPreset() == null ? ModelPreset.tiny : spec.getPreset();
    int width =
        switch (preset) {
          case tiny -> 32;
          case small -> 64;
          default -> 128;
        };
    if (spec != null && spec.getWidth() != null) {
      width = spec.getWidth();
    }
    int latent =
        spec != null && spec.getLatentChannels() != null
            ? spec.getLatentChannels()
            : DEFAULT_LATENT_CHANNELS;
    return new VaeConfig(3, latent, width);
  }

  /** For tests and the CPU: 8 latent channels, width 32. */
  public static VaeConfig tiny() {
    return new VaeConfig(3, 8, 32);
  }

  /** The latent shape (B, z, 1 + k, H/8, W/8) of videos (B, C, 1 + 4k, H, W). */
  public Shape latentShape(Shape video) {
    return new Shape(
        video.get(0),
        latentChannels,
        latentFrames((int) video.get(2)),
        video.get(3) / SPACE,
        video.get(4) / SPACE);
  }

  /** Latent frames of a video of {@code frames} = 1 + 4k frames. */
  public static int latentFrames(int frames) {
    if (frames < 1 || (frames - 1) % TIME != 0) {
      throw new IllegalArgumentException(
          "a video for the autoencoder has 1 + 4k frames (1, 5, 9, …), got " + frames);
    }
    return 1 + (frames - 1) / TIME;
  }

  /**
   * Latent frames whose decode covers {@code frames} frames (any count, at least 1): 1 + ⌈(frames −
   * 1) / 4⌉; a render of n frames renders {@code videoFrames} of these and keeps the first n.
   */
  public static int latentFramesCovering(int frames) {
    if (frames < 1) {
      throw new IllegalArgumentException("at least one frame, got " + frames);
    }
    return 1 + (frames - 1 + TIME - 1) / TIME;
  }

  /** Frames of the video that {@code latentFrames} latent frames decode to: 1 + 4(n − 1). */
  public static int videoFrames(int latentFrames) {
    return 1 + TIME * (latentFrames - 1);
  }
}
