package dev.videogen.worker.task;

import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.vae.LatentSpace;
import java.util.Optional;

/**
 * A checkpoint loaded for rendering: the transformer (its averaged weights) and, for a latent-space
 * model, the autoencoder its samples are decoded through.
 *
 * @param latent null for a model on pixels
 */
public record RenderModel(PatchDit dit, LatentSpace latent) {
  public Optional<LatentSpace> latentSpace() {
    return Optional.ofNullable(latent);
  }
}
