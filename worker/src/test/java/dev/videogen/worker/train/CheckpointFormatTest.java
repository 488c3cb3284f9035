package dev.videogen.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.FrameConditioning;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.model.Prediction;
import dev.videogen.worker.model.TextBatch;
import dev.videogen.worker.vae.CausalVae;
import dev.videogen.worker.vae.LatentSpace;
import dev.videogen.worker.vae.VaeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints written before frame conditioning (format 1) load with the conditioning at zero; an
 * unknown format is refused with a message.
 */
class CheckpointFormatTest {
  // Models before format 3 predicted velocity.
  private static final DitConfig CONFIG =
      DitConfig.tiny().withWidth(48, 4).withDepth(1).withPrediction(Prediction.VELOCITY);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Hyperparameters hp(long steps) {
    return Hyperparameters.defaults(steps).withSteps(steps, 1).withBatch(2, 2e-3).withSeed(3);
  }

  /**
   * Rewrites a current checkpoint into the format-1 layout: no frame-conditioning arrays in model,
   * EMA and optimiser lists, format 1, no task mix and no prediction in state.json, a matching
   * manifest.
   */
  static void downgradeToFormat1(Path checkpoint, PatchDit model) throws Exception {
    List<Parameter> all = model.trainableParameters();
    List<Parameter> added = model.conditioningParameters();
    try (NDManager m = NDManager.newBaseManager()) {
      for (String file : List.of("model.ndlist", "ema.ndlist", "optimizer.ndlist")) {
        NDList arrays = NDList.decode(m, Files.readAllBytes(checkpoint.resolve(file)));
        NDList kept = new NDList();
        for (int i = 0; i < arrays.size(); i++) {
          if (!added.contains(all.get(i % all.size()))) {
            kept.add(arrays.get(i));
          }
        }
        Files.write(checkpoint.resolve(file), kept.encode());
      }
    }
    ObjectNode state = (ObjectNode) JSON.readTree(checkpoint.resolve("state.json").toFile());
    state.put("format", 1);
    ((ObjectNode) state.get("hyperparameters")).remove("tasks");
    ((ObjectNode) state.get("config")).remove("prediction");
    JSON.writeValue(checkpoint.resolve("state.json").toFile(), state);
    rewriteManifest(checkpoint);
  }

  static void rewriteManifest(Path checkpoint) throws Exception {
    Map<String, Object> files = new LinkedHashMap<>();
    List<String> names = new java.util.ArrayList<>(Checkpoint.FILES);
    if (Files.exists(checkpoint.resolve(Checkpoint.AUTOENCODER))) {
      names.add(Checkpoint.AUTOENCODER);
    }
    for (String file : names) {
      Path p = checkpoint.resolve(file);
      files.put(file, Map.of("size", Files.size(p), "sha256", CheckpointDirectory.sha256(p)));
    }
    JSON.writeValue(
        checkpoint.resolve("manifest.json").toFile(), Map.of("format", 1, "files", files));
  }

  @Test
  void aFormat1CheckpointSamplesAsBeforeAndResumesTextOnly(@TempDir Path dir) throws Exception {
    Path checkpoint;
    try (Trainer trainer = Trainer.create(CONFIG, hp(4).withTasks(TaskMix.TEXT_ONLY))) {
      for (int i = 1; i <= 3; i++) {
        trainer.step(TrainerTest.fixedBatch(i, 2));
      }
      checkpoint = Checkpoint.save(trainer, dir);
      downgradeToFormat1(checkpoint, trainer.model());
    }
    assertThat(Checkpoint.isComplete(checkpoint)).isTrue();
    assertThat(Checkpoint.state(checkpoint).format()).isEqualTo(1);
    assertThat(Checkpoint.state(checkpoint).hyperparameters().tasks()).isEqualTo(TaskMix.TEXT_ONLY);
    assertThat(Checkpoint.state(checkpoint).config()).isEqualTo(CONFIG);

    try (NDManager m = NDManager.newBaseManager()) {
      PatchDit model = Checkpoint.loadForSampling(checkpoint, m);
      NDArray weight = model.conditioningParameters().get(0).getArray();
      assertThat(weight.abs().max().getFloat()).isZero();
      // Conditioning on frames changes nothing until the conditioning is trained.
      ParameterStore ps = new ParameterStore(m, false);
      Shape shape = new Shape(1, 3, 2, 16, 16);
      NDArray x = m.randomNormal(shape);
      NDArray t = m.create(new float[] {0.5f});
      TextBatch text = TextBatch.of(m, List.of("a red square"), CONFIG.textLength());
      NDArray frames =
          FrameConditioning.input(
              m.randomNormal(shape), m.create(new float[] {1, 0}, new Shape(1, 2)));
      NDArray plain = model.velocity(ps, x, t, text, false);
      assertThat(plain.abs().max().getFloat()).isPositive();
      assertThat(model.velocity(ps, x, t, text, frames, false).contentEquals(plain)).isTrue();
    }

    // Resuming with the saved hyperparameters continues text to video only; with the standard
    // mix the conditioning starts to learn.
    try (Trainer resumed = Checkpoint.resume(checkpoint, null)) {
      assertThat(resumed.step()).isEqualTo(3);
      assertThat(resumed.hyperparameters().tasks()).isEqualTo(TaskMix.TEXT_ONLY);
      resumed.step(TrainerTest.fixedBatch(4, 2));
      NDArray w = resumed.model().conditioningParameters().get(0).getArray();
      assertThat(w.abs().max().getFloat()).isZero();
    }
    try (Trainer converted =
        Checkpoint.resume(checkpoint, hp(40).withTasks(new TaskMix(0, 1, 0, 0, 0, 0)))) {
      converted.step(TrainerTest.fixedBatch(4, 2));
      NDArray w = converted.model().conditioningParameters().get(0).getArray();
      assertThat(w.abs().max().getFloat()).isPositive();
      Path again = Checkpoint.save(converted, dir.resolve("converted"));
      assertThat(Checkpoint.state(again).format()).isEqualTo(Checkpoint.FORMAT);
      try (NDManager m = NDManager.newBaseManager()) {
        assertThat(Checkpoint.loadForSampling(again, m).parameterCount())
            .isEqualTo(converted.model().parameterCount());
      }
    }
  }

  @Test
  void aCheckpointWhoseFilesNoLongerMatchItsManifestIsNotRead(@TempDir Path dir) throws Exception {
    Path checkpoint;
    try (Trainer trainer = Trainer.create(CONFIG, hp(2))) {
      trainer.step(TrainerTest.fixedBatch(1, 2));
      checkpoint = Checkpoint.save(trainer, dir);
    }
    assertThat(Checkpoint.state(checkpoint).step()).isEqualTo(1);
    Files.write(checkpoint.resolve("ema.ndlist"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> Checkpoint.state(checkpoint))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a complete checkpoint");
  }

  @Test
  void aCheckpointOfAnUnknownFormatIsRefusedWithAMessage(@TempDir Path dir) throws Exception {
    Path checkpoint;
    try (Trainer trainer = Trainer.create(CONFIG, hp(2))) {
      trainer.step(TrainerTest.fixedBatch(1, 2));
      checkpoint = Checkpoint.save(trainer, dir);
    }
    ObjectNode state = (ObjectNode) JSON.readTree(checkpoint.resolve("state.json").toFile());
    // A newer format may add fields this worker cannot map: the format is what it reports.
    state.put("format", 7);
    state.put("fieldOfANewerWorker", true);
    JSON.writeValue(checkpoint.resolve("state.json").toFile(), state);
    rewriteManifest(checkpoint);
    assertThatThrownBy(() -> Checkpoint.state(checkpoint))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkpoint format 7")
        .hasMessageContaining("reads formats 1 to 5")
        .hasMessageContaining("newer worker");
    state.put("stage", "Upsampler");
    JSON.writeValue(checkpoint.resolve("state.json").toFile(), state);
    rewriteManifest(checkpoint);
    assertThatThrownBy(() -> Checkpoint.state(checkpoint))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage Upsampler, which this worker does not know")
        .hasMessageContaining("newer worker");
  }

  @Test
  void aFormat4LatentCheckpointRendersThroughAnAutoencoderWithoutShortcuts(@TempDir Path dir)
      throws Exception {
    VaeConfig old = new VaeConfig(3, 4, 8, false);
    Path checkpoint;
    float[] expected;
    try (Trainer trainer = Trainer.create(CONFIG.withChannels(4), hp(2))) {
      CausalVae vae = CausalVae.create(old, trainer.manager());
      trainer.useLatentSpace(new LatentAutoencoder("file:///vae", new LatentSpace(vae, 0.1f, 2f)));
      checkpoint = Checkpoint.save(trainer, dir);
      NDArray latent = trainer.manager().ones(new Shape(1, 4, 2, 2, 2));
      expected =
          vae.decode(new ParameterStore(trainer.manager(), false), latent, false).toFloatArray();
    }
    // What format 4 wrote: the autoencoder's configuration has no residual.
    ObjectNode state = (ObjectNode) JSON.readTree(checkpoint.resolve("state.json").toFile());
    assertThat(state.get("format").asInt()).isEqualTo(Checkpoint.FORMAT_LATENT);
    state.put("format", 4);
    ((ObjectNode) state.get("latent").get("autoencoder")).remove("residual");
    JSON.writeValue(checkpoint.resolve("state.json").toFile(), state);
    rewriteManifest(checkpoint);

    try (NDManager manager = NDManager.newBaseManager()) {
      LatentSpace space = Checkpoint.latentSpace(checkpoint, manager).orElseThrow().space();
      assertThat(space.vae().config()).isEqualTo(old);
      NDArray latent = manager.ones(new Shape(1, 4, 2, 2, 2));
      assertThat(
              space.vae().decode(new ParameterStore(manager, false), latent, false).toFloatArray())
          .as("decodes as the autoencoder it was trained on")
          .containsExactly(expected);
    }
  }
}
