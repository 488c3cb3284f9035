package dev.videogen.worker.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.videogen.worker.store.ArtifactStore;
import dev.videogen.worker.store.ArtifactStores;
import dev.videogen.worker.train.TrainingBatch;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.VideoEncoder;
import dev.videogen.worker.video.VideoFormat;
import dev.videogen.worker.world.SyntheticDataset.Bucket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clips and captions in a store, decoded by FFmpeg, as training batches. */
class ClipDatasetTest {
  @TempDir Path dir;

  private static final List<Bucket> SQUARE = List.of(new Bucket(4, 16, 16, 4));

  /** A wide clip: green in the middle third, red and blue at the sides. */
  private static Clip wide(int frames) {
    Clip clip = Clip.blank(frames, 32, 96, 8);
    for (int t = 0; t < frames; t++) {
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 96; x++) {
          clip.rgb()[clip.index(t, y, x, x < 32 ? 0 : x < 64 ? 1 : 2)] = 1;
        }
      }
    }
    return clip;
  }

  /** A grey ramp in time: frame t has brightness t / (frames − 1). */
  private static Clip ramp(int frames) {
    Clip clip = Clip.blank(frames, 16, 16, 8);
    for (int t = 0; t < frames; t++) {
      for (int i = 0; i < 16 * 16 * 3; i++) {
        clip.rgb()[t * clip.frameSize() + i] = t / (float) (frames - 1);
      }
    }
    return clip;
  }

  private ArtifactStore store(String captions) throws Exception {
    Path root = dir.resolve("data");
    Files.createDirectories(root.resolve("clips"));
    Files.writeString(root.resolve("captions.jsonl"), captions);
    return ArtifactStores.open(root.toUri().toString());
  }

  /** Value of channel c of frame t of clip i of a batch, (B, C, T, H, W) in [−1, 1]. */
  private static float at(TrainingBatch b, int i, int c, int t, int y, int x) {
    var s = b.shape();
    long index = ((((i * s.get(1) + c) * s.get(2) + t) * s.get(3) + y) * s.get(4)) + x;
    return b.video()[(int) index];
  }

  @Test
  void fitsClipsToTheBucketInSpaceAndTime() throws Exception {
    ArtifactStore store =
        store(
            "{\"file\": \"clips/wide.gif\", \"caption\": \"green in the middle\"}\n\n"
                + "{\"file\": \"clips/ramp.png\", \"caption\": \"getting brighter\"}\n");
    VideoEncoder.write(wide(8), dir.resolve("data/clips/wide.gif"), VideoFormat.GIF);
    VideoEncoder.write(ramp(16), dir.resolve("data/clips/ramp.png"), VideoFormat.PNG);

    ClipDataset data = ClipDataset.open(store, dir.resolve("cache"), SQUARE, 7);
    assertThat(data.size()).isEqualTo(2);
    TrainingBatch batch = data.batch(1, 6);
    assertThat(batch.shape().getShape()).containsExactly(6, 3, 4, 16, 16);
    assertThat(data.batch(1, 6)).usingRecursiveComparison().isEqualTo(batch);
    assertThat(batch.prompts()).containsAnyOf("green in the middle", "getting brighter");

    for (long step = 1; step <= 4; step++) {
      TrainingBatch b = data.batch(step, 6);
      for (int i = 0; i < 6; i++) {
        if (b.prompts().get(i).equals("green in the middle")) {
          // Cut to the middle square: green only, in [−1, 1].
          for (int t = 0; t < 4; t++) {
            assertThat(at(b, i, 1, t, 8, 8)).isCloseTo(1f, within(0.05f));
            assertThat(at(b, i, 0, t, 8, 2)).isCloseTo(-1f, within(0.05f));
            assertThat(at(b, i, 2, t, 8, 13)).isCloseTo(-1f, within(0.05f));
          }
        } else {
          // 8 fps to 4 fps: every other frame, two steps of the ramp apart.
          for (int t = 1; t < 4; t++) {
            float step2 = (at(b, i, 0, t, 8, 8) - at(b, i, 0, t - 1, 8, 8)) / 2; // [−1, 1] → [0, 1]
            assertThat(step2).isCloseTo(2f / 15, within(0.01f));
          }
        }
      }
    }
  }

  @Test
  void missingOrBrokenInputIsNamed() throws Exception {
    Path root = dir.resolve("empty");
    Files.createDirectories(root);
    try (ArtifactStore empty = ArtifactStores.open(root.toUri().toString())) {
      assertThatThrownBy(() -> ClipDataset.open(empty, dir.resolve("c1"), SQUARE, 0))
          .hasMessageContaining("has no captions.jsonl")
          .hasMessageContaining("{\"file\": \"clips/0001.mp4\"");
    }

    ArtifactStore badLine =
        store("{\"file\": \"clips/a.mp4\", \"caption\": \"x\"}\n{\"video\": \"b.mp4\"}\n");
    assertThatThrownBy(() -> ClipDataset.open(badLine, dir.resolve("c2"), SQUARE, 0))
        .hasMessageContaining("captions.jsonl line 2: unknown field \"video\"");

    ArtifactStore missing = store("{\"file\": \"clips/gone.mp4\", \"caption\": \"x\"}\n");
    assertThatThrownBy(() -> ClipDataset.open(missing, dir.resolve("c3"), SQUARE, 0))
        .hasMessageContaining("names clips/gone.mp4, which")
        .hasMessageContaining("does not hold");

    ArtifactStore notVideo = store("{\"file\": \"clips/text.mp4\", \"caption\": \"x\"}\n");
    Files.writeString(dir.resolve("data/clips/text.mp4"), "not a video");
    assertThatThrownBy(() -> ClipDataset.open(notVideo, dir.resolve("c4"), SQUARE, 0))
        .hasMessageContaining("clips/text.mp4 is not a video or image FFmpeg can read");

    ArtifactStore escaping = store("{\"file\": \"../x.mp4\", \"caption\": \"x\"}\n");
    assertThatThrownBy(() -> ClipDataset.open(escaping, dir.resolve("c5"), SQUARE, 0))
        .hasMessageContaining("captions.jsonl line 1: file: ");
  }
}
