package dev.videogen.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The autoencoder's objectives against the same sums written out. */
class ReconstructionLossTest {
  static final int T = 3;
  static final int H = 2;
  static final int W = 4;

  /** A random error (1, 1, T, H, W) and its values, indexed [t][y][x]. */
  static float[][][] values(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][][] e = new float[T][H][W];
    for (float[][] frame : e) {
      for (float[] row : frame) {
        for (int x = 0; x < W; x++) {
          row[x] = (float) random.nextGaussian();
        }
      }
    }
    return e;
  }

  static NDArray array(NDManager manager, float[][][] e, int frames) {
    float[] flat = new float[frames * H * W];
    for (int t = 0; t < frames; t++) {
      for (int y = 0; y < H; y++) {
        System.arraycopy(e[t][y], 0, flat, (t * H + y) * W, W);
      }
    }
    return manager.create(flat, new Shape(1, 1, frames, H, W));
  }

  static double objective(ReconstructionLoss loss, NDManager manager, float[][][] e, int frames) {
    NDArray error = array(manager, e, frames);
    return loss.objective(error, error.square().mean()).getFloat();
  }

  @Test
  void temporalAddsTheWeightedMeanSquareOfTheErrorsFrameToFrameChange() {
    float[][][] e = values(1);
    double squares = 0;
    double changes = 0;
    for (int t = 0; t < T; t++) {
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          squares += e[t][y][x] * e[t][y][x];
          if (t > 0) {
            double d = e[t][y][x] - e[t - 1][y][x];
            changes += d * d;
          }
        }
      }
    }
    double expected = squares / (T * H * W) + 4 * changes / ((T - 1) * H * W);
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThat(objective(ReconstructionLoss.DEFAULT, manager, e, T))
          .isCloseTo(expected, within(1e-5));
      // An error that is the same in every frame does not change: only its MSE is left.
      float[][][] still = {e[0], e[0], e[0]};
      assertThat(objective(ReconstructionLoss.DEFAULT, manager, still, T))
          .isCloseTo(objective(ReconstructionLoss.MSE, manager, still, T), within(1e-6));
      // One frame has no change at all.
      assertThat(objective(ReconstructionLoss.DEFAULT, manager, e, 1))
          .isCloseTo(objective(ReconstructionLoss.MSE, manager, e, 1), within(1e-6));
    }
  }

  @Test
  void gdlAddsTheWeightedMeanSquaresOfNeighbouringErrorsDifferences() {
    float[][][] e = values(2);
    double squares = 0;
    double dx = 0;
    double dy = 0;
    for (int t = 0; t < T; t++) {
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          squares += e[t][y][x] * e[t][y][x];
          if (x > 0) {
            dx += Math.pow(e[t][y][x] - e[t][y][x - 1], 2);
          }
          if (y > 0) {
            dy += Math.pow(e[t][y][x] - e[t][y - 1][x], 2);
          }
        }
      }
    }
    double expected = squares / (T * H * W) + 2 * (dx / (T * H * (W - 1)) + dy / (T * (H - 1) * W));
    try (NDManager manager = NDManager.newBaseManager()) {
      ReconstructionLoss gdl = new ReconstructionLoss(ReconstructionLoss.Kind.GDL, 2);
      assertThat(objective(gdl, manager, e, T)).isCloseTo(expected, within(1e-5));
    }
  }

  @Test
  void kindsReadAsTheCliSpellsThemAndOthersAreRefused() {
    assertThat(ReconstructionLoss.kind("temporal")).isEqualTo(ReconstructionLoss.Kind.TEMPORAL);
    assertThat(ReconstructionLoss.kind("mse")).isEqualTo(ReconstructionLoss.Kind.MSE);
    assertThatThrownBy(() -> ReconstructionLoss.kind("perceptual"))
        .hasMessageContaining("mse, l1, gdl or temporal");
    assertThatThrownBy(() -> new ReconstructionLoss(ReconstructionLoss.Kind.TEMPORAL, -1))
        .hasMessageContaining(">= 0");
  }
}
