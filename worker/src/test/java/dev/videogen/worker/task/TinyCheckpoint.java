package dev.videogen.worker.task;

import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.train.Checkpoint;
import dev.videogen.worker.train.Hyperparameters;
import dev.videogen.worker.train.Trainer;
import dev.videogen.worker.world.SyntheticDataset;
import java.nio.file.Path;

/** A real checkpoint of a very small model, trained for a few steps: what tasks load in tests. */
public final class TinyCheckpoint {
  private TinyCheckpoint() {}

  /** Trains {@code steps} steps and saves the checkpoint under {@code dir}; returns its path. */
  public static Path train(Path dir, int steps) {
    DitConfig config = DitConfig.tiny().withDepth(1).withWidth(48, 4);
    Hyperparameters hp = Hyperparameters.defaults(steps).withBatch(2, 3e-4);
    try (Trainer trainer = Trainer.create(config, hp)) {
      SyntheticDataset data = new SyntheticDataset(SyntheticDataset.CPU_MIX, 0);
      while (trainer.step() < steps) {
        trainer.step(data.batch(trainer.step() + 1, hp.batchSize()));
      }
      return Checkpoint.save(trainer, dir);
    }
  }
}
