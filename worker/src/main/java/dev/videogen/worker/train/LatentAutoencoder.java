package dev.videogen.worker.train;

import dev.videogen.worker.vae.LatentSpace;

/**
 * The autoencoder a latent diffusion model works through, as its checkpoint records it.
 *
 * @param source the autoencoder checkpoint the run started from (its URI), for the record
 * @param space the network and the normalisation of its latents, fixed for the run's life
 */
public record LatentAutoencoder(String source, LatentSpace space) {}
