package dev.videogen.worker.analysis;

import dev.videogen.worker.video.Clip;
import dev.videogen.worker.world.Colour;
import dev.videogen.worker.world.Direction;
import dev.videogen.worker.world.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Measures what a video shows with plain image processing: the most saturated connected region of
 * each frame is the object; its mean hue gives the colour, how much of its bounding box it fills
 * the shape (square ≈ 1, circle ≈ π/4, triangle ≈ 1/2), and the least-squares slope of its centroid
 * over time the direction and speed. Backgrounds of the synthetic world are unsaturated.
 */
public final class VideoAnalyzer {
  /** Saturation and brightness a pixel needs to count as the object. */
  static final double MIN_SATURATION = 0.4;

  static final double MIN_VALUE = 0.25;

  /** Below this speed (fraction of the frame per second) the object is still. */
  static final double MIN_SPEED = 0.04;

  private VideoAnalyzer() {}

  /** One frame's object: pixel count, bounding box, centroid and mean colour. */
  record Blob(
      int area, int minX, int maxX, int minY, int maxY, double cx, double cy, double[] rgb) {
    double fill() {
      return area / (double) ((maxX - minX + 1) * (maxY - minY + 1));
    }
  }

  public static Analysis analyze(Clip clip) {
    List<Blob> blobs = new ArrayList<>();
    List<Integer> times = new ArrayList<>();
    for (int t = 0; t < clip.frames(); t++) {
      Blob b = largestBlob(clip, t);
      if (b != null && b.area >= 4) {
        blobs.add(b);
        times.add(t);
      }
    }
    double flicker = flicker(clip);
    if (blobs.isEmpty()) {
      return new Analysis(
          Optional.empty(), Optional.empty(), Optional.empty(), 0, 0, false, flicker);
    }
    double r = 0;
    double g = 0;
    double bl = 0;
    double total = 0;
    double[] fills = new double[blobs.size()];
    double[] areas = new double[blobs.size()];
    for (int i = 0; i < blobs.size(); i++) {
      Blob b = blobs.get(i);
      r += b.rgb[0] * b.area;
      g += b.rgb[1] * b.area;
      bl += b.rgb[2] * b.area;
      total += b.area;
      fills[i] = b.fill();
      areas[i] = b.area;
    }
    Colour colour = Colour.nearest(r / total, g / total, bl / total);
    double fill = median(fills);
    Shape shape = fill > 0.88 ? Shape.SQUARE : fill > 0.64 ? Shape.CIRCLE : Shape.TRIANGLE;

    // Velocity in frames per second along each axis: slope of the centroid against time.
    double vx = slope(times, blobs, true, clip.fps()) / clip.width();
    double vy = slope(times, blobs, false, clip.fps()) / clip.height();
    double speed = Math.hypot(vx, vy);
    Optional<Direction> direction = Optional.empty();
    if (blobs.size() >= 2 && speed >= MIN_SPEED) {
      direction =
          Optional.of(
              Math.abs(vx) >= Math.abs(vy)
                  ? (vx < 0 ? Direction.LEFT : Direction.RIGHT)
                  : (vy < 0 ? Direction.UP : Direction.DOWN));
    }
    double presence = blobs.size() / (double) clip.frames();
    double mean = Arrays.stream(areas).average().orElse(0);
    double sd =
        Math.sqrt(Arrays.stream(areas).map(a -> (a - mean) * (a - mean)).average().orElse(0));
    boolean persists = presence >= 0.9 && sd <= 0.35 * mean;
    return new Analysis(
        Optional.of(colour), Optional.of(shape), direction, speed, presence, persists, flicker);
  }

  /** Mean |f(t+1) − f(t)| over pixels and channels, on the 0–255 scale (VBench). */
  public static double flicker(Clip clip) {
    if (clip.frames() < 2) {
      return 0;
    }
    float[] v = clip.rgb();
    int frame = clip.frameSize();
    double sum = 0;
    for (int i = frame; i < v.length; i++) {
      sum += Math.abs(v[i] - v[i - frame]);
    }
    return 255 * sum / (v.length - frame);
  }

  /** The largest 4-connected region of saturated pixels in frame {@code t}, or null. */
  static Blob largestBlob(Clip clip, int t) {
    int w = clip.width();
    int h = clip.height();
    boolean[] object = new boolean[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float r = clip.get(t, y, x, 0);
        float g = clip.get(t, y, x, 1);
        float b = clip.get(t, y, x, 2);
        float max = Math.max(r, Math.max(g, b));
        float min = Math.min(r, Math.min(g, b));
        object[y * w + x] = max >= MIN_VALUE && (max - min) / max >= MIN_SATURATION;
      }
    }
    boolean[] seen = new boolean[w * h];
    Blob best = null;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int start = 0; start < w * h; start++) {
      if (!object[start] || seen[start]) {
        continue;
      }
      int area = 0;
      int minX = w;
      int maxX = -1;
      int minY = h;
      int maxY = -1;
      double sx = 0;
      double sy = 0;
      double[] rgb = new double[3];
      seen[start] = true;
      queue.add(start);
      while (!queue.isEmpty()) {
        int p = queue.poll();
        int x = p % w;
        int y = p / w;
        area++;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
        sx += x + 0.5;
        sy += y + 0.5;
        for (int c = 0; c < 3; c++) {
          rgb[c] += clip.get(t, y, x, c);
        }
        int[] neighbours = {
          x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1
        };
        for (int q : neighbours) {
          if (q >= 0 && object[q] && !seen[q]) {
            seen[q] = true;
            queue.add(q);
          }
        }
      }
      if (best == null || area > best.area) {
        for (int c = 0; c < 3; c++) {
          rgb[c] /= area;
        }
        best = new Blob(area, minX, maxX, minY, maxY, sx / area, sy / area, rgb);
      }
    }
    return best;
  }

  /** Least-squares slope of the centroid's x (or y) in pixels per second. */
  private static double slope(List<Integer> times, List<Blob> blobs, boolean x, double fps) {
    int n = times.size();
    if (n < 2) {
      return 0;
    }
    double mt = 0;
    double mp = 0;
    for (int i = 0; i < n; i++) {
      mt += times.get(i) / fps / n;
      mp += (x ? blobs.get(i).cx : blobs.get(i).cy) / n;
    }
    double stp = 0;
    double stt = 0;
    for (int i = 0; i < n; i++) {
      double dt = times.get(i) / fps - mt;
      stp += dt * ((x ? blobs.get(i).cx : blobs.get(i).cy) - mp);
      stt += dt * dt;
    }
    return stt == 0 ? 0 : stp / stt;
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
