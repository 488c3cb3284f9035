package dev.videogen.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.videogen.worker.diffusion.EulerSampler;
import dev.videogen.worker.diffusion.SampleInput;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.PatchDit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  private static final DitConfig CONFIG = DitConfig.tiny().withWidth(48, 4).withDepth(2);
  private static final Shape SHAPE = new Shape(2, 3, 2, 16, 16);

  /** Two clips, a red and a blue square on black, the same every step. */
  static TrainingBatch fixedBatch(long step, int batchSize) {
    float[] video = new float[(int) SHAPE.size()];
    java.util.Arrays.fill(video, -1f);
    int plane = 2 * 16 * 16;
    for (int clip = 0; clip < 2; clip++) {
      int channel = clip == 0 ? 0 : 2;
      for (int t = 0; t < 2; t++) {
        for (int y = 4; y < 12; y++) {
          for (int x = 4; x < 12; x++) {
            video[(clip * 3 + channel) * plane + (t * 16 + y) * 16 + x] = 1f;
          }
        }
      }
    }
    return new TrainingBatch(video, SHAPE, List.of("a red square", "a blue square"));
  }

  private static Hyperparameters hp(long steps) {
    return Hyperparameters.defaults(steps).withSteps(steps, 5).withBatch(2, 2e-3).withSeed(11);
  }

  @Test
  void lossDecreasesOnAFixedBatch() {
    try (Trainer trainer = Trainer.create(CONFIG, hp(300))) {
      java.util.List<Double> first = new java.util.ArrayList<>();
      java.util.List<Double> last = new java.util.ArrayList<>();
      for (int i = 1; i <= 300; i++) {
        double loss = trainer.step(fixedBatch(i, 2)).loss();
        if (!Double.isFinite(loss)) {
          continue; // a dropped step (counted below)
        }
        if (i <= 20) {
          first.add(loss);
        } else if (i > 280) {
          last.add(loss);
        }
      }
      double firstMean = first.stream().mapToDouble(d -> d).average().orElseThrow();
      double lastMean = last.stream().mapToDouble(d -> d).average().orElseThrow();
      assertThat(lastMean)
          .as("mean loss of the last 20 steps vs the first 20")
          .isLessThan(0.6 * firstMean);
      assertThat(trainer.skippedSteps())
          .as("steps dropped for a non-finite loss")
          .isLessThanOrEqualTo(3);
    }
  }

  @Test
  void resumingACheckpointGivesTheSameNextStepLoss(@TempDir Path dir) {
    double uninterrupted;
    Path checkpoint;
    try (Trainer trainer = Trainer.create(CONFIG, hp(10))) {
      for (int i = 1; i <= 6; i++) {
        trainer.step(fixedBatch(i, 2));
      }
      checkpoint = Checkpoint.save(trainer, dir);
      uninterrupted = trainer.step(fixedBatch(7, 2)).loss();
    }
    assertThat(Checkpoint.latest(dir)).contains(checkpoint);
    try (Trainer resumed = Checkpoint.resume(checkpoint, null)) {
      assertThat(resumed.step()).isEqualTo(6);
      Trainer.StepResult next = resumed.step(fixedBatch(7, 2));
      assertThat(next.step()).isEqualTo(7);
      assertThat(next.loss()).isCloseTo(uninterrupted, within(1e-6));
    }
  }

  @Test
  void aCheckpointWithoutAValidManifestIsNeverUsed(@TempDir Path dir) throws Exception {
    try (Trainer trainer = Trainer.create(CONFIG, hp(10))) {
      trainer.step(fixedBatch(1, 2));
      Path first = Checkpoint.save(trainer, dir);
      trainer.step(fixedBatch(2, 2));
      Path second = Checkpoint.save(trainer, dir);
      Files.write(second.resolve("model.ndlist"), new byte[] {1, 2, 3}); // torn write
      assertThat(Checkpoint.latest(dir)).contains(first);
      Files.delete(first.resolve("manifest.json"));
      assertThat(Checkpoint.latest(dir)).isEmpty();
    }
  }

  @Test
  void samplingIsDeterministicPerSeed() {
    try (NDManager manager = NDManager.newBaseManager()) {
      PatchDit model;
      try (Trainer trainer = Trainer.create(CONFIG, hp(10))) {
        for (int i = 1; i <= 10; i++) {
          trainer.step(fixedBatch(i, 2));
        }
        model = trainer.model();
        Shape shape = new Shape(1, 3, 2, 16, 16);
        List<String> prompt = List.of("a red square");
        NDArray a =
            EulerSampler.sample(
                model, manager, prompt, shape, new SamplerSettings(4, 3, 0, 5), null);
        NDArray b =
            EulerSampler.sample(
                model, manager, prompt, shape, new SamplerSettings(4, 3, 0, 5), null);
        NDArray c =
            EulerSampler.sample(
                model, manager, prompt, shape, new SamplerSettings(4, 3, 0, 6), null);
        assertThat(a.contentEquals(b)).isTrue();
        assertThat(a.contentEquals(c)).isFalse();
        assertThat(a.getShape()).isEqualTo(shape);
        // Latents follow the same trajectory and are only left unclipped.
        NDArray latents =
            EulerSampler.sampleLatents(
                model,
                manager,
                prompt,
                SampleInput.noise(shape),
                new SamplerSettings(4, 3, 0, 5),
                null);
        assertThat(latents.clip(-1f, 1f).contentEquals(a)).isTrue();
      }
    }
  }

  /** A weight (decayed by AdamW) holding {@code values}. */
  private static ai.djl.nn.Parameter weight(NDArray values) {
    return ai.djl.nn.Parameter.builder()
        .setName("weight")
        .setType(ai.djl.nn.Parameter.Type.WEIGHT)
        .optArray(values)
        .build();
  }

  @Test
  void emaMovesTheAverageByOneMinusDecayTowardsTheWeights() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ai.djl.nn.Parameter w = weight(manager.create(new float[] {1f, -2f}));
      try (Ema ema = new Ema(List.of(w), manager)) {
        w.getArray().set(new float[] {3f, 2f});
        ema.update(0.9f);
        // 0.9 · (1, −2) + 0.1 · (3, 2)
        assertThat(ema.state().get(0).toFloatArray())
            .containsExactly(new float[] {1.2f, -1.6f}, within(1e-6f));
      }
    }
  }

  @Test
  void adamWMatchesTheTextbookUpdate() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ai.djl.nn.Parameter w = weight(manager.create(new float[] {1f, -2f, 0.5f}));
      w.getArray().setRequiresGradient(true);
      try (AdamW adam = new AdamW(List.of(w), manager, 0.9f, 0.999f, 1e-8f)) {
        float[] g = {0.5f, -1f, 2f};
        for (int step = 1; step <= 2; step++) {
          try (ai.djl.training.GradientCollector c =
              ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            c.backward(w.getArray().mul(manager.create(g)).sum());
          }
          float[] before = w.getArray().toFloatArray();
          adam.update(0.1f, 0.01f, 0.5f);
          float[] after = w.getArray().toFloatArray();
          for (int i = 0; i < 3; i++) {
            // Constant gradient h = 0.5·g: m̂ = h and v̂ = h², so Adam's step is lr·sign(h).
            double expected = before[i] * (1 - 0.1 * 0.01) - 0.1 * Math.signum(g[i]);
            assertThat((double) after[i])
                .as("step %d value %d", step, i)
                .isCloseTo(expected, within(1e-5));
          }
        }
      }
    }
  }
}
