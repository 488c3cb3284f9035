package dev.videogen.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The frame masks of each training task, and how the mix draws them. */
class FrameTaskTest {
  private static String render(boolean[] given) {
    StringBuilder s = new StringBuilder();
    for (boolean g : given) {
      s.append(g ? 'G' : '.');
    }
    return s.toString();
  }

  @Test
  void eachTaskGivesItsFrames() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 200; i++) {
      assertThat(render(FrameTask.TEXT_TO_VIDEO.mask(8, random))).isEqualTo("........");
      assertThat(render(FrameTask.IMAGE_TO_VIDEO.mask(8, random))).isEqualTo("G.......");
      // Head: 1 to 4 frames of 8; tail likewise; connect: 1 to 2 at each end.
      assertThat(render(FrameTask.EXTEND_FORWARD.mask(8, random)))
          .matches("G{1,4}\\.{4,7}")
          .hasSize(8);
      assertThat(render(FrameTask.EXTEND_BACKWARD.mask(8, random))).matches("\\.{4,7}G{1,4}");
      assertThat(render(FrameTask.CONNECT.mask(8, random))).matches("G{1,2}\\.{4,6}G{1,2}");
      assertThat(render(FrameTask.CONNECT.mask(12, random))).matches("G{1,3}\\.{6,10}G{1,3}");
      String spans = render(FrameTask.SPANS.mask(8, random));
      assertThat(spans).contains("G").contains(".");
    }
  }

  @Test
  void everyLengthOfEveryTaskRendersSomethingAndImagesAreNeverConditioned() {
    SplittableRandom random = new SplittableRandom(5);
    for (FrameTask task : FrameTask.values()) {
      assertThat(render(task.mask(1, random))).as(task.name()).isEqualTo(".");
      for (int frames = 2; frames <= 16; frames++) {
        for (int i = 0; i < 20; i++) {
          assertThat(render(task.mask(frames, random)))
              .as("%s over %d frames", task, frames)
              .hasSize(frames)
              .contains(".");
        }
      }
    }
  }

  @Test
  void theMixDrawsTasksByWeight() {
    SplittableRandom random = new SplittableRandom(7);
    Map<FrameTask, Integer> counts = new EnumMap<>(FrameTask.class);
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      counts.merge(TaskMix.STANDARD.draw(random), 1, Integer::sum);
    }
    assertThat(counts.get(FrameTask.TEXT_TO_VIDEO) / (double) n).isBetween(0.28, 0.32);
    assertThat(counts.get(FrameTask.CONNECT) / (double) n).isBetween(0.18, 0.22);
    assertThat(counts.get(FrameTask.SPANS) / (double) n).isBetween(0.085, 0.115);
    for (int i = 0; i < 1000; i++) {
      assertThat(TaskMix.TEXT_ONLY.draw(random)).isEqualTo(FrameTask.TEXT_TO_VIDEO);
    }
    assertThat(TaskMix.TEXT_ONLY.masks(random, 4, 8)).containsOnly(0f);
    assertThat(TaskMix.TEXT_ONLY.textOnly()).isTrue();
    assertThat(TaskMix.STANDARD.textOnly()).isFalse();
    assertThatThrownBy(() -> new TaskMix(0, 0, 0, 0, 0, 0)).hasMessageContaining("positive weight");
    assertThatThrownBy(() -> new TaskMix(1, -1, 0, 0, 0, 0)).hasMessageContaining("negative");
  }

  @Test
  void batchMasksAreRowsOfOneTaskEach() {
    float[] masks = TaskMix.STANDARD.masks(new SplittableRandom(1), 64, 8);
    assertThat(masks).hasSize(64 * 8);
    int conditioned = 0;
    for (int i = 0; i < 64; i++) {
      int given = 0;
      for (int t = 0; t < 8; t++) {
        given += masks[i * 8 + t] > 0 ? 1 : 0;
      }
      assertThat(given).as("clip %d", i).isLessThan(8);
      conditioned += given > 0 ? 1 : 0;
    }
    assertThat(conditioned).isBetween(30, 60); // 70% of clips are conditioned on average
  }
}
