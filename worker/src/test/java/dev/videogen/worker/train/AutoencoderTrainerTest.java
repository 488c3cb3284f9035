package dev.videogen.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.api.v1alpha1.spec.ModelSpec;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import dev.videogen.worker.vae.CausalVae;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.world.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** {@code loaded} (in {@code manager}) encodes {@code batch} as {@code trainer}'s network. */
  static void assertEncodesAsTrained(
      AutoencoderTrainer trainer, CausalVae loaded, NDManager manager, TrainingBatch batch) {
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
  }

  @Test
  void reconstructionErrorFallsOnAFixedBatch() {
    TrainingBatch batch = fixedBatch();
    try (AutoencoderTrainer trainer =
        AutoencoderTrainer.create(CONFIG, HP, ReconstructionLoss.DEFAULT, Device.cpu())) {
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
    try (AutoencoderTrainer trainer =
            AutoencoderTrainer.create(CONFIG, HP, ReconstructionLoss.DEFAULT, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      for (int i = 0; i < 3; i++) {
        trainer.step(batch);
      }
      Path checkpoint = trainer.save(dir);
      assertThat(checkpoint.getFileName().toString()).isEqualTo("step-00000003");
      assertThat(CheckpointDirectory.isComplete(checkpoint)).isTrue();

      assertEncodesAsTrained(
          trainer, AutoencoderCheckpoint.load(checkpoint, manager), manager, batch);

      assertThatThrownBy(() -> Checkpoint.state(checkpoint))
          .hasMessageContaining("checkpoint of stage Autoencoder, not a diffusion model");
      assertThatThrownBy(() -> Checkpoint.loadForSampling(checkpoint, manager))
          .hasMessageContaining("checkpoint of stage Autoencoder");
    }
  }

  @Test
  void aCheckpointRecordsItsLossAndAResumedRunKeepsIt() {
    TrainingBatch batch = fixedBatch();
    ReconstructionLoss gdl = new ReconstructionLoss(ReconstructionLoss.Kind.GDL, 2);
    Path checkpoint;
    try (AutoencoderTrainer trainer = AutoencoderTrainer.create(CONFIG, HP, gdl, Device.cpu())) {
      trainer.step(batch);
      checkpoint = trainer.save(dir);
    }
    assertThat(AutoencoderCheckpoint.state(checkpoint).loss()).isEqualTo(gdl);
    try (AutoencoderTrainer resumed = AutoencoderCheckpoint.resume(checkpoint, null, Device.cpu());
        AutoencoderTrainer fineTuned =
            AutoencoderCheckpoint.fineTune(checkpoint, HP, Device.cpu())) {
      assertThat(resumed.loss()).isEqualTo(gdl);
      // A fine-tune is a new run: the current default.
      assertThat(fineTuned.loss()).isEqualTo(ReconstructionLoss.DEFAULT);
    }
  }

  @Test
  void aFormat1CheckpointIsAnAutoencoderWithoutShortcutsAndResumesAsOne() throws Exception {
    TrainingBatch batch = fixedBatch();
    VaeConfig old = new VaeConfig(3, 4, 8, false);
    try (AutoencoderTrainer trainer =
            AutoencoderTrainer.create(old, HP, ReconstructionLoss.DEFAULT, Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      for (int i = 0; i < 3; i++) {
        trainer.step(batch);
      }
      Path checkpoint = trainer.save(dir);
      // What format 1 wrote: no residual in the configuration.
      var json = CheckpointDirectory.JSON;
      ObjectNode state = (ObjectNode) json.readTree(checkpoint.resolve("state.json").toFile());
      state.put("format", 1);
      ((ObjectNode) state.get("autoencoder")).remove("residual");
      state.remove("loss");
      json.writeValue(checkpoint.resolve("state.json").toFile(), state);
      Map<String, Object> files = new LinkedHashMap<>();
      for (String file : List.of("autoencoder.ndlist", "optimizer.ndlist", "state.json")) {
        Path p = checkpoint.resolve(file);
        files.put(file, Map.of("size", Files.size(p), "sha256", CheckpointDirectory.sha256(p)));
      }
      json.writeValue(
          checkpoint.resolve("manifest.json").toFile(), Map.of("format", 1, "files", files));

      assertThat(AutoencoderCheckpoint.state(checkpoint).autoencoder()).isEqualTo(old);
      // Before format 3 the only loss was MSE, and the resumed run keeps to it.
      assertThat(AutoencoderCheckpoint.state(checkpoint).loss()).isEqualTo(ReconstructionLoss.MSE);
      // Read without shortcuts, it encodes as it was trained.
      assertEncodesAsTrained(
          trainer, AutoencoderCheckpoint.load(checkpoint, manager), manager, batch);
      // The run that wrote it, resumed by a worker whose new autoencoders have shortcuts.
      ModelSpec spec = new ModelSpec();
      spec.setWidth(8);
      spec.setLatentChannels(4);
      assertThat(TrainingStages.mismatch(checkpoint, TrainingStage.Autoencoder, spec, false))
          .isEmpty();
      try (AutoencoderTrainer resumed =
          AutoencoderCheckpoint.resume(checkpoint, null, Device.cpu())) {
        assertThat(resumed.config()).isEqualTo(old);
        assertThat(resumed.step()).isEqualTo(3);
        assertThat(resumed.loss()).isEqualTo(ReconstructionLoss.MSE);
      }
      spec.setWidth(16);
      assertThat(TrainingStages.mismatch(checkpoint, TrainingStage.Autoencoder, spec, false))
          .hasValueSatisfying(why -> assertThat(why).contains("width=16"));
    }
  }
}
