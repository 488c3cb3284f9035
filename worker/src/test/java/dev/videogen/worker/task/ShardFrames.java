package dev.videogen.worker.task;

import dev.videogen.api.task.ProducedArtifact;
import dev.videogen.api.task.TaskOutput;
import dev.videogen.api.task.TaskResult;
import dev.videogen.api.task.Timings;
import dev.videogen.api.v1alpha1.spec.OutputFormat;
import dev.videogen.worker.store.StoreSettings;
import dev.videogen.worker.video.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test frames that say where they belong: frame t of the timeline is a solid colour computed from
 * t, so a stitched video can be checked frame by frame without knowing how the stitch works.
 */
public final class ShardFrames {
  private ShardFrames() {}

  /** The 8-bit colour of timeline frame {@code t} (distinct for t below 64). */
  public static int[] colour(int t) {
    return new int[] {(t % 8) * 32 + 16, (t / 8 % 8) * 32 + 16, 128};
  }

  /** A clip whose frame i shows the colour of timeline frame {@code positions[i]}. */
  public static Clip clip(int[] positions, int width, int height, double fps) {
    Clip clip = Clip.blank(positions.length, height, width, fps);
    for (int i = 0; i < positions.length; i++) {
      int[] rgb = colour(positions[i]);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          for (int c = 0; c < 3; c++) {
            clip.rgb()[clip.index(i, y, x, c)] = rgb[c] / 255f;
          }
        }
      }
    }
    return clip;
  }

  /** The mean 8-bit colour of frame {@code t} of {@code clip}. */
  public static double[] mean(Clip clip, int t) {
    double[] sum = new double[3];
    for (int y = 0; y < clip.height(); y++) {
      for (int x = 0; x < clip.width(); x++) {
        for (int c = 0; c < 3; c++) {
          sum[c] += clip.get(t, y, x, c) * 255;
        }
      }
    }
    for (int c = 0; c < 3; c++) {
      sum[c] /= clip.width() * clip.height();
    }
    return sum;
  }

  /**
   * Publishes {@code clip} as a complete PNG frame directory at {@code uri}, as a render shard
   * would (frames, then its result.json).
   */
  static ProducedArtifact publish(String uri, Clip clip, StoreSettings stores) throws Exception {
    Path scratch = Files.createTempDirectory("shard-frames-");
    try (OutputTarget out = OutputTarget.open(new TaskOutput(uri, OutputFormat.png), stores)) {
      out.withdraw();
      ProducedArtifact artifact = out.write(clip, scratch, new TaskClock());
      out.seal(
          new OutputReceipt(
              "made-by-the-test",
              TaskResult.succeeded(
                  "test", List.of(artifact), new Timings(0, null, null, null, null))));
      return artifact;
    }
  }
}
