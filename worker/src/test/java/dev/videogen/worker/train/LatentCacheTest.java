package dev.videogen.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.videogen.worker.vae.CausalVae;
import dev.videogen.worker.vae.LatentSpace;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.world.SyntheticDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Latents encoded once and drawn by step: the clips, their captions, sizes and memory bound. */
class LatentCacheTest {
  private static final TrainingBatch.Source CLIPS =
      new SyntheticDataset(List.of(new SyntheticDataset.Bucket(5, 16, 24, 8)), 3);

  /** Two size buckets, as a TrainingRun's synthetic world has several. */
  private static final TrainingBatch.Source BUCKETS =
      new SyntheticDataset(
          List.of(
              new SyntheticDataset.Bucket(5, 16, 24, 8), new SyntheticDataset.Bucket(1, 16, 16, 8)),
          3);

  private NDManager manager;
  private LatentSpace space;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    space = new LatentSpace(CausalVae.create(VaeConfig.tiny(), manager), 0.1f, 2f);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void drawsTheEncodedClipsWithTheirCaptionsAsAPureFunctionOfTheStep() {
    // Five clips encoded from the source's batches 1, 2, 3 of 2, 2 and 1 clips.
    LatentCache cache = LatentCache.encode(space, CLIPS, 5, 2, 7, Long.MAX_VALUE, () -> false);
    List<float[]> encoded = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    int[] sizes = {2, 2, 1};
    for (int step = 1; step <= 3; step++) {
      TrainingBatch b = space.encode(CLIPS.batch(step, sizes[step - 1]));
      int per = b.video().length / sizes[step - 1];
      for (int i = 0; i < sizes[step - 1]; i++) {
        encoded.add(Arrays.copyOfRange(b.video(), i * per, (i + 1) * per));
        captions.add(b.prompts().get(i));
      }
    }
    assertThat(cache.clips()).isEqualTo(5);
    assertThat(cache.sizes()).isEqualTo(1);
    assertThat(cache.bytes()).isEqualTo(5L * 8 * 2 * 2 * 3 * Float.BYTES);

    TrainingBatch a = cache.batch(3, 4);
    assertThat(a.shape()).isEqualTo(new Shape(4, 8, 2, 2, 3));
    assertThat(cache.batch(3, 4).video()).as("same step").isEqualTo(a.video());
    assertThat(cache.batch(4, 4).video()).as("another step").isNotEqualTo(a.video());
    int per = a.video().length / 4;
    for (int i = 0; i < 4; i++) {
      float[] clip = Arrays.copyOfRange(a.video(), i * per, (i + 1) * per);
      int found = -1;
      for (int j = 0; j < encoded.size(); j++) {
        if (Arrays.equals(clip, encoded.get(j))) {
          found = j;
        }
      }
      assertThat(found).as("clip %d is one of the encoded clips", i).isNotNegative();
      assertThat(a.prompts().get(i)).as("with its own caption").isEqualTo(captions.get(found));
    }
  }

  @Test
  void keepsOnePoolPerClipSizeAndDrawsEachBatchFromOne() {
    LatentCache cache = LatentCache.encode(space, BUCKETS, 24, 3, 7, Long.MAX_VALUE, () -> false);
    assertThat(cache.clips()).isEqualTo(24);
    assertThat(cache.sizes()).isEqualTo(2);
    LatentCache again = LatentCache.encode(space, BUCKETS, 24, 3, 7, Long.MAX_VALUE, () -> false);
    Set<Shape> drawn = new HashSet<>();
    for (long step = 1; step <= 40; step++) {
      TrainingBatch b = cache.batch(step, 3);
      drawn.add(b.shape());
      assertThat(again.batch(step, 3).video())
          .as("a resumed run encodes the same clips and draws the same batch %d", step)
          .isEqualTo(b.video());
    }
    // (B, z, 1 + k, h, w) of 5 frames of 16 × 24 and 1 frame of 16 × 16.
    assertThat(drawn).containsExactlyInAnyOrder(new Shape(3, 8, 2, 2, 3), new Shape(3, 8, 1, 2, 2));
  }

  @Test
  void refusesACacheLargerThanItsMemoryBound() {
    long oneClip = 8 * 2 * 2 * 3 * Float.BYTES;
    assertThat(LatentCache.encode(space, CLIPS, 4, 2, 7, 4 * oneClip, () -> false).bytes())
        .isEqualTo(4 * oneClip);
    assertThatThrownBy(() -> LatentCache.encode(space, CLIPS, 5, 2, 7, 4 * oneClip, () -> false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a latent cache of 5 clips needs more than")
        .hasMessageContaining("lower dataset.latentCache.clips");
  }

  @Test
  void stopsBetweenChunksWhenAskedTo() {
    int[] asked = {0};
    assertThatThrownBy(
            () -> LatentCache.encode(space, CLIPS, 5, 2, 7, Long.MAX_VALUE, () -> ++asked[0] > 1))
        .isInstanceOf(LatentCache.Stopped.class)
        .hasMessage("2 of 5 clips encoded");
  }
}
