package dev.videogen.worker.world;

import ai.djl.ndarray.types.Shape;
import dev.videogen.worker.diffusion.Noise;
import dev.videogen.worker.train.TrainingBatch;
import dev.videogen.worker.video.Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic world as training batches: each step picks one size bucket (frames, height, width,
 * fps), so clips of native sizes, aspect ratios and durations are trained in turn, and renders a
 * batch of training clips (held-out combinations excluded) with paraphrased captions. A pure
 * function of (seed, step), so resumed training sees the same data.
 */
public final class SyntheticDataset implements TrainingBatch.Source {
  /** A size bucket: frames, height, width and frame rate. */
  public record Bucket(int frames, int height, int width, double fps) {}

  /** Small sizes that train on a CPU: square, landscape, portrait, longer clips and images. */
  public static final List<Bucket> CPU_MIX =
      List.of(
          new Bucket(8, 32, 32, 8),
          new Bucket(8, 32, 48, 8),
          new Bucket(8, 48, 32, 8),
          new Bucket(12, 32, 32, 8),
          new Bucket(1, 32, 32, 8));

  private final List<Bucket> buckets;
  private final long seed;

  public SyntheticDataset(List<Bucket> buckets, long seed) {
    if (buckets.isEmpty()) {
      throw new IllegalArgumentException("at least one size bucket is needed");
    }
    this.buckets = List.copyOf(buckets);
    this.seed = seed;
  }

  @Override
  public TrainingBatch batch(long step, int batchSize) {
    SplittableRandom random = Noise.random(seed, step, Noise.Stream.DATA);
    Bucket b = buckets.get(random.nextInt(buckets.size()));
    List<Clip> clips = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    for (int i = 0; i < batchSize; i++) {
      ClipSpec spec =
          SyntheticWorld.sampleTraining(random, b.width(), b.height(), b.frames(), b.fps());
      clips.add(SyntheticWorld.render(spec));
      captions.add(Caption.variant(spec, random));
    }
    Shape shape = new Shape(batchSize, Clip.CHANNELS, b.frames(), b.height(), b.width());
    return new TrainingBatch(toModelLayout(clips), shape, captions);
  }

  /** Clips (T, H, W, 3) in [0, 1] → one array (B, 3, T, H, W) in [−1, 1]. */
  public static float[] toModelLayout(List<Clip> clips) {
    Clip first = clips.get(0);
    int t = first.frames();
    int h = first.height();
    int w = first.width();
    int plane = t * h * w;
    float[] out = new float[clips.size() * 3 * plane];
    for (int i = 0; i < clips.size(); i++) {
      float[] rgb = clips.get(i).rgb();
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < 3; c++) {
          out[(i * 3 + c) * plane + p] = rgb[p * 3 + c] * 2 - 1;
        }
      }
    }
    return out;
  }

  /** The inverse for one sample: (3, T, H, W) in [−1, 1] at {@code offset} → a clip. */
  public static Clip fromModelLayout(float[] values, int offset, int t, int h, int w, double fps) {
    Clip clip = Clip.blank(t, h, w, fps);
    float[] rgb = clip.rgb();
    int plane = t * h * w;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        float v = (values[offset + c * plane + p] + 1) / 2;
        rgb[p * 3 + c] = Math.max(0f, Math.min(1f, v));
      }
    }
    return clip;
  }
}
