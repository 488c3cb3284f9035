package dev.videogen.api.v1alpha1.spec;

/** Which network a TrainingRun trains. */
public enum TrainingStage {
  /** The diffusion transformer (on pixels, or on the latents of {@code spec.autoencoder}). */
  Diffusion,
  /** The video compression network (causal 3D VAE). */
  Autoencoder
}
