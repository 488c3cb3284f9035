package dev.videogen.worker.train;

import dev.videogen.worker.world.SyntheticDataset.Bucket;
import java.nio.file.Path;
import java.util.List;

/**
 * What a training run steps and checkpoints, whatever its stage: the diffusion transformer's {@link
 * Trainer} or the autoencoder's {@link AutoencoderTrainer}. Every random draw of step s is a
 * function of (seed, s), so a run resumed from a checkpoint continues exactly.
 */
public interface Trainable extends AutoCloseable {
  /** Optimiser steps taken so far. */
  long step();

  /** One optimiser step on {@code batch} (the source's batch for step {@link #step()} + 1). */
  Trainer.StepResult step(TrainingBatch batch);

  /** Writes a complete checkpoint {@code dir/step-<n>} of the step reached, and returns it. */
  Path save(Path dir);

  /**
   * The clip sizes this model trains on, from a dataset's size mix ({@link TrainingSizes}): sides
   * its patches take, and for the autoencoder and a latent model 1 + 4k frames.
   */
  List<Bucket> fit(List<Bucket> sizes);

  /** Trainable parameters. */
  long parameterCount();

  /** Devices training runs on. */
  int deviceCount();

  Hyperparameters hyperparameters();

  @Override
  void close();
}
