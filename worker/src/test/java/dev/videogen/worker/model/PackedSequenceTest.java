package dev.videogen.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A packed sequence computes what each clip computes alone: attention never crosses clips. */
class PackedSequenceTest {
  private static final DitConfig CONFIG = DitConfig.tiny().withWidth(48, 4).withDepth(2);

  @Test
  void packedAttentionEqualsPerClipAttention() {
    Engine.getInstance().setRandomSeed(3);
    try (NDManager m = NDManager.newBaseManager()) {
      PatchDit model = PatchDit.create(CONFIG, m);
      RandomWeights.fill(model, 5, List.of());
      ParameterStore ps = new ParameterStore(m, false);
      List<Shape> shapes =
          List.of(
              new Shape(1, 3, 4, 16, 16),
              new Shape(1, 3, 3, 16, 24), // odd frame count: padded inside
              new Shape(1, 3, 1, 8, 16)); // an image
      List<String> prompts = List.of("a red circle moves left", "blue", "an image of a square");
      float[] times = {0.2f, 0.5f, 0.9f};
      List<NDArray> videos = new ArrayList<>();
      List<NDArray> frames = new ArrayList<>();
      for (Shape s : shapes) {
        videos.add(m.randomNormal(s));
        float[] mask = new float[(int) s.get(2)];
        mask[0] = 1;
        frames.add(
            FrameConditioning.input(m.randomNormal(s), m.create(mask, new Shape(1, s.get(2)))));
      }
      boolean[] keep = {true, false, true}; // one null prompt
      TextBatch text = TextBatch.of(m, prompts, keep, CONFIG.textLength());
      List<NDArray> packed =
          PackedSequence.velocity(model, ps, videos, m.create(times), text, frames, false);
      for (int i = 0; i < shapes.size(); i++) {
        TextBatch one =
            TextBatch.of(m, List.of(prompts.get(i)), new boolean[] {keep[i]}, CONFIG.textLength());
        NDArray alone =
            model.velocity(
                ps, videos.get(i), m.create(new float[] {times[i]}), one, frames.get(i), false);
        assertThat(packed.get(i).getShape()).isEqualTo(shapes.get(i));
        assertThat(alone.abs().max().getFloat()).isPositive();
        assertThat(packed.get(i).sub(alone).abs().max().getFloat())
            .as("clip %d", i)
            .isLessThan(1e-5f);
      }
    }
  }

  @Test
  void theBiasesAreBlockDiagonal() {
    float b = PackedSequence.BLOCKED;
    float[] self = PackedSequence.selfBias(new int[] {2, 1}, 3);
    assertThat(self).containsExactly(0, 0, b, 0, 0, b, b, b, 0);
    // Two clips of 1 and 2 tokens, prompts of 2 tokens; clip 1's second text token is padding.
    float[] text = PackedSequence.textBias(new int[] {1, 2}, 3, new float[] {1, 1, 1, 0}, 2);
    assertThat(Arrays.copyOfRange(text, 0, 4)).containsExactly(0, 0, b, b);
    assertThat(Arrays.copyOfRange(text, 4, 8)).containsExactly(b, b, 0, b);
    assertThat(Arrays.copyOfRange(text, 8, 12)).containsExactly(b, b, 0, b);
  }
}
