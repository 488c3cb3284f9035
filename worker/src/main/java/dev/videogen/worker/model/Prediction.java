package dev.videogen.worker.model;

/**
 * What the patch-DiT's output head predicts. The model always returns a velocity to the trainer and
 * the sampler; this only says how the head's output becomes one.
 *
 * <ul>
 *   <li>{@link #VELOCITY}: the head predicts v = ε − x₀ directly (SD3, Open-Sora).
 *   <li>{@link #DATA}: the head predicts the clean video x̂₀ and the velocity follows as v = (x_t −
 *       x̂₀) / t (x-prediction, Li and He 2025, "Back to Basics: Let Denoising Generative Models
 *       Denoise"). Clean videos lie near a low-dimensional manifold while noise does not, so a
 *       small network that maps every pixel patch through a narrow width predicts x₀ far better
 *       than ε or v: in pixel space v-prediction leaves patch-sized speckle (measured in
 *       docs/model.md), x-prediction gives whole objects.
 * </ul>
 */
public enum Prediction {
  VELOCITY,
  DATA;

  /**
   * Smallest t that divides x_t − x̂₀ under {@link #DATA}: near t = 0 the velocity would otherwise
   * grow without bound, and so would the loss's weight on the few noisiest-free steps.
   */
  public static final float MIN_TIME = 0.05f;
}
