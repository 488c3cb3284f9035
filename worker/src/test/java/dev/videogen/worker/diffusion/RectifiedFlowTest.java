package dev.videogen.worker.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class RectifiedFlowTest {
  @Test
  void theFullGridIsTheShiftedUniformGridFromNoiseToData() {
    for (double shift : new double[] {1, 1.2247, 2}) {
      float[] grid = RectifiedFlow.timeGrid(10, shift, 1);
      assertThat(grid).hasSize(11);
      for (int i = 0; i <= 10; i++) {
        assertThat(grid[i]).isEqualTo((float) RectifiedFlow.shift(1.0 - i / 10.0, shift));
      }
      assertThat(grid[10]).isZero();
    }
  }

  @Test
  void anSdEditGridStartsAtTheStrengthAndTakesAllItsStepsBelowIt() {
    float[] grid = RectifiedFlow.timeGrid(8, 1.5, 0.6);
    assertThat(grid[0]).isEqualTo(0.6f);
    assertThat(grid[8]).isZero();
    for (int i = 1; i <= 8; i++) {
      assertThat(grid[i]).isLessThan(grid[i - 1]);
    }
    assertThat(RectifiedFlow.unshift(RectifiedFlow.shift(0.3, 1.7), 1.7))
        .isCloseTo(0.3, within(1e-12));
    assertThatThrownBy(() -> RectifiedFlow.timeGrid(8, 1, 0)).hasMessageContaining("(0, 1]");
  }

  @Test
  void theMaskedLossCountsRenderedFramesOnly() {
    try (NDManager m = NDManager.newBaseManager()) {
      Shape shape = new Shape(2, 3, 4, 2, 2);
      NDArray target = m.randomNormal(shape);
      NDArray predicted = m.randomNormal(shape);
      NDArray all = m.ones(new Shape(2, 4));
      assertThat(RectifiedFlow.loss(predicted, target, all).getFloat())
          .isCloseTo(RectifiedFlow.loss(predicted, target).getFloat(), within(1e-5f));
      // Frames 0 and 1 of clip 0 given: changing the prediction there changes nothing.
      NDArray rendered = m.create(new float[] {0, 0, 1, 1, 1, 1, 1, 1}, new Shape(2, 4));
      NDArray changed = predicted.duplicate();
      changed.set(new ai.djl.ndarray.index.NDIndex("0, :, 0:2"), 100f);
      float before = RectifiedFlow.loss(predicted, target, rendered).getFloat();
      assertThat(RectifiedFlow.loss(changed, target, rendered).getFloat())
          .isCloseTo(before, within(1e-6f));
      // And it is the mean over the rendered frames' values.
      NDArray sq = predicted.sub(target).square();
      double sum = sq.get("0, :, 2:").sum().getFloat() + sq.get("1").sum().getFloat();
      assertThat((double) before).isCloseTo(sum / (6 * 3 * 2 * 2), within(1e-4));
    }
  }
}
