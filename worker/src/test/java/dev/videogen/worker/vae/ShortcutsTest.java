package dev.videogen.worker.vae;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The parameter-free resampling paths of the residual autoencoder. */
class ShortcutsTest {
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void poolingInTimeKeepsTheFirstFrameAloneAndAveragesTheFollowingPairs() {
    NDArray x = manager.randomUniform(-1, 1, new Shape(2, 3, 5, 4, 6)); // 1 + 2·2 frames
    NDArray pooled = Shortcuts.pool(x, 2);
    assertThat(pooled.getShape()).isEqualTo(new Shape(2, 3, 3, 2, 3));
    // Output frame j, pixel (1, 2): input frames {0} for j = 0, {2j − 1, 2j} after, pixels 2–3 ×
    // 4–5.
    int[][] frames = {{0}, {1, 2}, {3, 4}};
    for (int j = 0; j < 3; j++) {
      NDArray expected = manager.zeros(new Shape(2, 3));
      for (int t : frames[j]) {
        expected =
            expected.add(
                x.get(new NDIndex(":, :, {}, 2:4, 4:6", t))
                    .mean(new int[] {3})
                    .mean(new int[] {2}));
      }
      expected = expected.div(frames[j].length);
      NDArray actual = pooled.get(new NDIndex(":, :, {}, 1, 2", j));
      assertThat(actual.sub(expected).abs().max().getFloat()).as("frame %d", j).isLessThan(1e-6f);
    }
  }

  @Test
  void poolingInSpaceOnlyKeepsEveryFrame() {
    NDArray x = manager.arange(0f, 16f).reshape(1, 1, 1, 4, 4);
    NDArray pooled = Shortcuts.pool(x, 1);
    assertThat(pooled.getShape()).isEqualTo(new Shape(1, 1, 1, 2, 2));
    assertThat(pooled.toFloatArray()).containsExactly(2.5f, 4.5f, 10.5f, 12.5f);
  }

  @Test
  void poolingIsCausal() {
    NDArray x = manager.randomUniform(-1, 1, new Shape(1, 2, 9, 4, 4));
    NDArray changed = x.duplicate();
    changed.set(new NDIndex(":, :, 5"), 7f); // frame 5 pairs with 6 into output frame 3
    NDArray before = Shortcuts.pool(x, 2);
    NDArray after = Shortcuts.pool(changed, 2);
    NDIndex early = new NDIndex(":, :, :3");
    assertThat(before.get(early).sub(after.get(early)).abs().max().getFloat()).isEqualTo(0f);
    assertThat(before.sub(after).abs().max().getFloat()).isGreaterThan(1f);
  }

  @Test
  void channelsAreAveragedInNeighbouringGroupsRepeatedOrMixedInProportion() {
    NDArray x = manager.arange(0f, 8f).reshape(1, 8, 1, 1, 1);
    assertThat(Shortcuts.channels(x, 2).toFloatArray()).containsExactly(1.5f, 5.5f);
    NDArray two = manager.create(new float[] {1f, 4f}).reshape(1, 2, 1, 1, 1);
    assertThat(Shortcuts.channels(two, 6).toFloatArray()).containsExactly(1f, 1f, 1f, 4f, 4f, 4f);
    assertThat(Shortcuts.channels(x, 8)).isSameAs(x);
    // 8 → 3: lcm 24, each channel three times, then groups of 8 (0 0 0 1 1 1 2 2 | 2 3 3 3 …).
    float[] three = Shortcuts.channels(x, 3).toFloatArray();
    assertThat(three[0]).isEqualTo((0 + 0 + 0 + 1 + 1 + 1 + 2 + 2) / 8f);
    assertThat(three[1]).isEqualTo((2 + 3 + 3 + 3 + 4 + 4 + 4 + 5) / 8f);
    assertThat(three[2]).isEqualTo((5 + 5 + 6 + 6 + 6 + 7 + 7 + 7) / 8f);
  }
}
