package dev.videogen.worker.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * What a batch of samples starts from and holds fixed, besides its prompts: pure noise (text to
 * video), given frames kept exactly (image to video, extension, loops, connecting clips), or a
 * video noised to a strength and denoised towards the prompt (SDEdit).
 *
 * <p>Legend: B batch, C channels, T frames, H rows, W columns; values in [−1, 1].
 *
 * @param shape (B, C, T, H, W) of the result
 * @param reference (B, C, T, H, W): the given frames' values (anything elsewhere), or null
 * @param frameMask (B, T): 1 for a given frame, 0 for a rendered one, or null when none is given
 * @param guide (B, C, T, H, W): the video SDEdit starts from, or null to start from noise
 * @param strength the time (noise level) the guide is noised to, in (0, 1]; 1 without a guide
 */
public record SampleInput(
    Shape shape, NDArray reference, NDArray frameMask, NDArray guide, double strength) {

  public SampleInput {
    if (shape.dimension() != 5) {
      throw new IllegalArgumentException("a sample is (B, C, T, H, W), got " + shape);
    }
    if ((reference == null) != (frameMask == null)) {
      throw new IllegalArgumentException("given frames need both their values and their mask");
    }
    if (reference != null
        && (!reference.getShape().equals(shape)
            || !frameMask.getShape().equals(new Shape(shape.get(0), shape.get(2))))) {
      throw new IllegalArgumentException(
          "given frames "
              + reference.getShape()
              + " with mask "
              + frameMask.getShape()
              + " do not fit a sample of "
              + shape);
    }
    if (guide != null && !guide.getShape().equals(shape)) {
      throw new IllegalArgumentException(
          "an SDEdit guide of " + guide.getShape() + " does not fit a sample of " + shape);
    }
    if (!(strength > 0 && strength <= 1) || (guide == null && strength != 1)) {
      throw new IllegalArgumentException(
          "strength must be in (0, 1] and is 1 without a guide video, got " + strength);
    }
  }

  /** Start from noise, nothing given. */
  public static SampleInput noise(Shape shape) {
    return new SampleInput(shape, null, null, null, 1);
  }

  /** These frames given: {@code reference} where {@code frameMask} is 1. */
  public SampleInput withFrames(NDArray reference, NDArray frameMask) {
    return new SampleInput(shape, reference, frameMask, guide, strength);
  }

  /** Start from {@code video} noised to {@code strength} (SDEdit) instead of from noise. */
  public SampleInput withGuide(NDArray video, double strength) {
    return new SampleInput(shape, reference, frameMask, video, strength);
  }

  public boolean hasGivenFrames() {
    return frameMask != null;
  }
}
