package dev.videogen.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.world.SyntheticDataset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Data parallelism on two replicas (both on the CPU here, standing in for two GPUs) gives the same
 * update as one device on the whole batch.
 */
class DataParallelTest {
  private static final DitConfig CONFIG = DitConfig.tiny().withWidth(48, 4).withDepth(1);

  // Three clips: chunks of one and two, so the weighting by chunk size matters.
  private static final SyntheticDataset DATA =
      new SyntheticDataset(List.of(new SyntheticDataset.Bucket(2, 16, 16, 8)), 5);

  private static Hyperparameters hp() {
    return Hyperparameters.defaults(10).withSteps(10, 2).withBatch(3, 3e-3).withSeed(21);
  }

  @Test
  void chunksCoverTheBatchOnce() {
    assertThat(DataParallel.chunkStart(3, 2, 0)).isZero();
    assertThat(DataParallel.chunkStart(3, 2, 1)).isEqualTo(1);
    assertThat(DataParallel.chunkStart(3, 2, 2)).isEqualTo(3);
    assertThat(DataParallel.chunkStart(8, 3, 3)).isEqualTo(8);
  }

  @Test
  void twoReplicasUpdateLikeOneDeviceOnTheWholeBatch() {
    Device cpu = Device.cpu();
    try (Trainer single = Trainer.create(CONFIG, hp(), List.of(cpu));
        Trainer parallel = Trainer.create(CONFIG, hp(), List.of(cpu, cpu))) {
      assertThat(parallel.deviceCount()).isEqualTo(2);
      assertSameWeights(single.replicas().parameters(0), parallel.replicas().parameters(0), 0);
      assertSameWeights(parallel.replicas().parameters(0), parallel.replicas().parameters(1), 0);
      List<float[]> initial = values(single.model().trainableParameters());
      for (int step = 1; step <= 3; step++) {
        TrainingBatch batch = DATA.batch(step, 3);
        Trainer.StepResult a = single.step(batch);
        Trainer.StepResult b = parallel.step(batch);
        assertThat(b.loss()).as("loss of step %d", step).isCloseTo(a.loss(), within(1e-6));
        assertThat(b.gradientNorm())
            .as("gradient norm of step %d", step)
            .isCloseTo(a.gradientNorm(), within(1e-5 * a.gradientNorm()));
      }
      assertSameWeights(single.replicas().parameters(0), parallel.replicas().parameters(0), 1e-5);
      // The second replica got the first's weights after each update.
      assertSameWeights(parallel.replicas().parameters(0), parallel.replicas().parameters(1), 0);
      List<float[]> trained = values(single.model().trainableParameters());
      assertThat(maxDifference(initial, trained))
          .as("training moved the weights")
          .isGreaterThan(1e-4);
    }
  }

  private static List<float[]> values(List<Parameter> parameters) {
    return parameters.stream().map(p -> p.getArray().toFloatArray()).toList();
  }

  private static void assertSameWeights(List<Parameter> a, List<Parameter> b, double tolerance) {
    assertThat(b).hasSameSizeAs(a);
    assertThat(maxDifference(values(a), values(b))).isLessThanOrEqualTo(tolerance);
  }

  private static double maxDifference(List<float[]> a, List<float[]> b) {
    double max = 0;
    for (int i = 0; i < a.size(); i++) {
      float[] x = a.get(i);
      float[] y = b.get(i);
      assertThat(y).hasSameSizeAs(x);
      for (int j = 0; j < x.length; j++) {
        max = Math.max(max, Math.abs(x[j] - y[j]));
      }
    }
    return max;
  }
}
