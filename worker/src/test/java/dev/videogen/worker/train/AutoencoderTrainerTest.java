package dev.videogen.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.videogen.worker.vae.CausalVae;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.world.SyntheticDataset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The autoencoder stage's trainer and checkpoint, on a network of width 8. */
class AutoencoderTrainerTest {
  static final VaeConfig CONFIG = new VaeConfig(3, 4, 8);
  static final Hyperparameters HP =
      Hyperparameters.defaults(40).withBatch(2, 3e-3).withSteps(40, 2);

  @TempDir Path dir;

  static TrainingBatch fixedBatch() {
    return new SyntheticDataset(List.of(new SyntheticDataset.Bucket(5, 16, 16, 8)), 1).batch(1, 2);
  }

  @Test
  void reconstructionErrorFallsOnAFixedBatch() {
    TrainingBatch batch = fixedBatch();
    try (AutoencoderTrainer trainer = AutoencoderTrainer.create(CONFIG, HP, Device.cpu())) {
      double first = trainer.step(batch).loss();
      double last = first;
      for (int i = 1; i < 40; i++) {
        last = trainer.step(batch).loss();
      }
      assertThat(trainer.step()).isEqualTo(40);
      assertThat(last).as("MSE after 40 steps vs the first").isLessThan(first / 2);
    }
  }

  @Test
  void aCheckpointHoldsTheTrainedNetworkAndIsNoDiffusionModel() {
    TrainingBatch batch = fixedBatch();
    try (AutoencoderTrainer trainer = AutoencoderTrainer.create(CONFIG, HP, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      for (int i = 0; i < 3; i++) {
        trainer.step(batch);
      }
      Path checkpoint = trainer.save(dir);
      assertThat(checkpoint.getFileName().toString()).isEqualTo("step-00000003");
      assertThat(CheckpointDirectory.isComplete(checkpoint)).isTrue();

      CausalVae loaded = AutoencoderCheckpoint.load(checkpoint, manager);
      NDArray video = manager.create(batch.video(), batch.shape());
      float[] expected =
          trainer
              .autoencoder()
              .encode(trainer.parameterStore(), video.toDevice(Device.cpu(), true), false)
              .get(0)
              .toFloatArray();
      float[] actual =
          loaded.encode(new ParameterStore(manager, false), video, false).get(0).toFloatArray();
      assertThat(actual).containsExactly(expected);

      assertThatThrownBy(() -> Checkpoint.state(checkpoint))
          .hasMessageContaining("checkpoint of stage Autoencoder, not a diffusion model");
      assertThatThrownBy(() -> Checkpoint.loadForSampling(checkpoint, manager))
          .hasMessageContaining("checkpoint of stage Autoencoder");
    }
  }
}
