package dev.videogen.worker.train;

import ai.djl.Device;
import dev.videogen.api.task.TrainDataset;
import dev.videogen.api.v1alpha1.spec.ModelSpec;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.vae.CausalVae;
import dev.videogen.worker.vae.LatentSpace;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Diffusion on an autoencoder's latents (a TrainingRun with {@code spec.autoencoder}): the
 * transformer takes the autoencoder's latent channels, trains on the normalised posterior means of
 * its clips (docs/vae.md), and its checkpoints carry the autoencoder, so a VideoJob renders with
 * the checkpoint alone.
 */
public final class LatentDiffusion {
  /** Clips whose latents measure the shift and scale, as batches of the run's size. */
  static final int MEASURE_BATCHES = 8;

  private LatentDiffusion() {}

  /**
   * A new transformer on the latents of the autoencoder checkpoint {@code autoencoder} (downloaded
   * from {@code uri}); its latents are not normalised until {@link #latents} measures them.
   */
  public static Trainer create(
      ModelSpec model, Hyperparameters hp, List<Device> devices, Path autoencoder, String uri) {
    int channels = AutoencoderCheckpoint.state(autoencoder).autoencoder().latentChannels();
    DitConfig config = DitConfig.from(model == null ? new ModelSpec() : model, channels);
    Trainer trainer = Trainer.create(config, hp, devices);
    CausalVae vae = AutoencoderCheckpoint.load(autoencoder, trainer.manager());
    trainer.useLatentSpace(new LatentAutoencoder(uri, new LatentSpace(vae, 0f, 1f)));
    return trainer;
  }

  /**
   * The latents of {@code pixels} (clips the autoencoder takes: {@link Trainer#buckets}) as the
   * trainer sees them. With {@code measure} (a new run), the shift and scale are first measured on
   * {@value #MEASURE_BATCHES} batches and fixed in the trainer, and so in its checkpoints. With a
   * {@code cache}, that many clips are encoded now, in batches of the run's size, and every step
   * draws from them ({@link LatentCache}); without, every batch is encoded as it is drawn.
   *
   * @param stop asked while the cache is encoded
   * @throws TrainingFailure (InvalidTask) when the cache would take more than half the Java heap
   * @throws LatentCache.Stopped when {@code stop} said so while the cache was encoded
   */
  public static TrainingBatch.Source latents(
      Trainer trainer,
      TrainingBatch.Source pixels,
      boolean measure,
      TrainDataset.LatentCache cache,
      BooleanSupplier stop,
      Consumer<String> log) {
    LatentAutoencoder latent = trainer.latentSpace();
    Hyperparameters hp = trainer.hyperparameters();
    if (measure) {
      LatentSpace space =
          LatentSpace.measure(latent.space().vae(), pixels, MEASURE_BATCHES, hp.batchSize());
      latent = new LatentAutoencoder(latent.source(), space);
      trainer.useLatentSpace(latent);
      log.accept(
          String.format(
              "latents of autoencoder %s: shift %.4f, scale %.4f (measured on %d batches)",
              latent.source(), space.shift(), space.scale(), MEASURE_BATCHES));
    }
    if (cache == null) {
      return latent.space().over(pixels);
    }
    long started = System.nanoTime();
    try {
      LatentCache cached =
          LatentCache.encode(
              latent.space(),
              pixels,
              cache.clips(),
              hp.batchSize(),
              hp.seed(),
              Runtime.getRuntime().maxMemory() / 2,
              stop);
      log.accept(
          String.format(
              "latent cache: %,d clips of %d size(s), %,.1f MiB, encoded in %.1f s",
              cached.clips(),
              cached.sizes(),
              cached.bytes() / 1048576.0,
              (System.nanoTime() - started) / 1e9));
      return cached;
    } catch (IllegalArgumentException e) {
      throw TrainingFailure.invalidTask("dataset.latentCache.clips: " + e.getMessage(), e);
    }
  }
}
