package dev.videogen.worker.dataset;

import dev.videogen.worker.video.Clip;

/**
 * Fits a clip to a training size: frames picked at the training frame rate, then each frame cut to
 * the training aspect ratio around its centre and resized with a triangle filter whose width grows
 * with the reduction (antialiased like PIL's bilinear resize), so a downscaled edge does not alias;
 * the filter reads only pixels inside the cut. No flips or random crops: captions name directions
 * and positions.
 */
public final class ClipSampler {
  private ClipSampler() {}

  /**
   * The source frames for {@code frames} frames at {@code fps} from a clip of {@code sourceFrames}
   * frames at {@code sourceFps} (0: a still image), starting at source frame {@code start}: frame j
   * is source frame {@code start + floor(j · sourceFps / fps)}, held at the last frame when the
   * clip is too short.
   */
  public static int[] frameIndices(
      int sourceFrames, double sourceFps, int start, int frames, double fps) {
    int[] out = new int[frames];
    double step = sourceFps > 0 ? sourceFps / fps : 0;
    for (int j = 0; j < frames; j++) {
      out[j] = (int) Math.min(sourceFrames - 1, start + Math.floor(j * step + 1e-9));
    }
    return out;
  }

  /** How many source frames {@link #frameIndices} spans from its start (at least 1). */
  public static int span(double sourceFps, int frames, double fps) {
    return sourceFps > 0 ? (int) Math.floor((frames - 1) * sourceFps / fps + 1e-9) + 1 : 1;
  }

  /**
   * Frames {@code indices} (relative to {@code clip}'s first frame) of {@code clip}, cropped around
   * the centre to the aspect ratio of {@code height} × {@code width} and resized to it.
   */
  public static Clip fit(Clip clip, int[] indices, int height, int width, double fps) {
    // The largest centred window of the target aspect ratio.
    double aspect = (double) width / height;
    double cropW = Math.min(clip.width(), clip.height() * aspect);
    double cropH = cropW / aspect;
    double x0 = (clip.width() - cropW) / 2;
    double y0 = (clip.height() - cropH) / 2;
    Weights rows = Weights.of(clip.height(), y0, cropH, height);
    Weights cols = Weights.of(clip.width(), x0, cropW, width);
    Clip out = Clip.blank(indices.length, height, width, fps);
    float[] tmp = new float[clip.height() * width * 3];
    for (int t = 0; t < indices.length; t++) {
      int src = indices[t] * clip.frameSize();
      // Columns first, into (H_src, W_out), then rows into the output frame.
      for (int y = 0; y < clip.height(); y++) {
        for (int x = 0; x < width; x++) {
          for (int c = 0; c < 3; c++) {
            float v = 0;
            for (int k = 0; k < cols.count[x]; k++) {
              int sx = cols.first[x] + k;
              v += cols.weight[x][k] * clip.rgb()[src + (y * clip.width() + sx) * 3 + c];
            }
            tmp[(y * width + x) * 3 + c] = v;
          }
        }
      }
      int dst = t * out.frameSize();
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          for (int c = 0; c < 3; c++) {
            float v = 0;
            for (int k = 0; k < rows.count[y]; k++) {
              int sy = rows.first[y] + k;
              v += rows.weight[y][k] * tmp[(sy * width + x) * 3 + c];
            }
            out.rgb()[dst + (y * width + x) * 3 + c] = Math.max(0f, Math.min(1f, v));
          }
        }
      }
    }
    return out;
  }

  /** Per output pixel along one axis: the first source pixel, how many, and their weights. */
  private record Weights(int[] first, int[] count, float[][] weight) {
    static Weights of(int sourceSize, double offset, double window, int size) {
      double scale = window / size;
      double support = Math.max(1.0, scale); // the tent widens when shrinking: antialiasing
      // Pixels outside the window are cut away: they never leak in through the filter.
      int windowLo = Math.max(0, (int) Math.floor(offset + 1e-9));
      int windowHi = Math.min(sourceSize - 1, (int) Math.ceil(offset + window - 1e-9) - 1);
      int[] first = new int[size];
      int[] count = new int[size];
      float[][] weight = new float[size][];
      for (int o = 0; o < size; o++) {
        double centre = offset + (o + 0.5) * scale - 0.5;
        int lo = Math.max(windowLo, (int) Math.floor(centre - support) + 1);
        int hi = Math.min(windowHi, (int) Math.ceil(centre + support) - 1);
        if (hi < lo) { // centre outside the window (tiny sources): nearest pixel
          lo = hi = Math.max(windowLo, Math.min(windowHi, (int) Math.round(centre)));
        }
        float[] w = new float[hi - lo + 1];
        double sum = 0;
        for (int i = lo; i <= hi; i++) {
          double d = Math.max(0, 1 - Math.abs(i - centre) / support);
          w[i - lo] = (float) d;
          sum += d;
        }
        for (int i = 0; i < w.length; i++) {
          w[i] = sum > 0 ? (float) (w[i] / sum) : 1f / w.length;
        }
        first[o] = lo;
        count[o] = w.length;
        weight[o] = w;
      }
      return new Weights(first, count, weight);
    }
  }
}
