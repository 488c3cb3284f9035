package dev.videogen.worker.vae;

/**
 * The architecture of the causal video autoencoder: 4× compression in time and 8× in space, so a
 * video of 1 + 4k frames of H × W becomes 1 + k latent frames of H/8 × W/8 (the first frame is
 * encoded on its own: an image is a one-frame video).
 *
 * @param channels channels of the video (3)
 * @param latentChannels channels of the latent
 * @param width channels of the first stage; the two deeper stages have twice as many
 */
public record VaeConfig(int channels, int latentChannels, int width) {
  /** Time compression: latent frame j ≥ 1 stands for frames 4j − 3 … 4j. */
  public static final int TIME = 4;

  /** Space compression per side. */
  public static final int SPACE = 8;

  public VaeConfig {
    if (channels < 1 || latentChannels < 1 || width < 1) {
      throw new IllegalArgumentException("channels, latent channels and width must be positive");
    }
  }

  /** For tests and the CPU: 8 latent channels, width 32. */
  public static VaeConfig tiny() {
    return new VaeConfig(3, 8, 32);
  }

  /** Latent frames of a video of {@code frames} = 1 + 4k frames. */
  public static int latentFrames(int frames) {
    if (frames < 1 || (frames - 1) % TIME != 0) {
      throw new IllegalArgumentException(
          "a video for the autoencoder has 1 + 4k frames (1, 5, 9, …), got " + frames);
    }
    return 1 + (frames - 1) / TIME;
  }

  /** Frames of the video that {@code latentFrames} latent frames decode to: 1 + 4(n − 1). */
  public static int videoFrames(int latentFrames) {
    return 1 + TIME * (latentFrames - 1);
  }
}
