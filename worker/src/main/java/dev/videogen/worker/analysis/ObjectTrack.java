package dev.videogen.worker.analysis;

import dev.videogen.worker.video.Clip;

/**
 * The object of each frame as {@link VideoAnalyzer} finds it (the largest saturated region): its
 * centroid, mean colour and whether it lies fully inside the frame. Seams are measured on it: how
 * far the object jumps, and how much its colour changes, from one frame to another.
 *
 * @param found whether frame t has an object (at least 4 pixels)
 * @param x centroid x of frame t's object, in pixels
 * @param y centroid y, in pixels
 * @param rgb mean colour of frame t's object, three values per frame in [0, 1]
 * @param inside whether frame t's object keeps off the frame's border (its bounding box touches no
 *     edge row or column)
 * @param width frame width
 * @param height frame height
 */
public record ObjectTrack(
    boolean[] found,
    double[] x,
    double[] y,
    double[] rgb,
    boolean[] inside,
    int width,
    int height) {

  public static ObjectTrack of(Clip clip) {
    int n = clip.frames();
    boolean[] found = new boolean[n];
    double[] x = new double[n];
    double[] y = new double[n];
    double[] rgb = new double[3 * n];
    boolean[] inside = new boolean[n];
    for (int t = 0; t < n; t++) {
      VideoAnalyzer.Blob b = VideoAnalyzer.largestBlob(clip, t);
      if (b == null || b.area() < 4) {
        continue;
      }
      found[t] = true;
      x[t] = b.cx();
      y[t] = b.cy();
      System.arraycopy(b.rgb(), 0, rgb, 3 * t, 3);
      inside[t] =
          b.minX() > 0
              && b.minY() > 0
              && b.maxX() < clip.width() - 1
              && b.maxY() < clip.height() - 1;
    }
    return new ObjectTrack(found, x, y, rgb, inside, clip.width(), clip.height());
  }

  public int frames() {
    return found.length;
  }

  /**
   * How far the object moves from frame a to frame b, in pixels; the frame's diagonal when either
   * frame has no object (a vanishing object is the largest possible jump).
   */
  public double positionJump(int a, int b) {
    if (!found[a] || !found[b]) {
      return Math.hypot(width, height);
    }
    return Math.hypot(x[b] - x[a], y[b] - y[a]);
  }

  /**
   * How much the object's mean colour changes from frame a to frame b: the RGB distance on [0, 1];
   * √3 when either frame has no object.
   */
  public double colourJump(int a, int b) {
    if (!found[a] || !found[b]) {
      return Math.sqrt(3);
    }
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      double d = rgb[3 * b + c] - rgb[3 * a + c];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  /** Whether the object is found in every frame and never touches the frame's border. */
  public boolean alwaysInFrame() {
    for (int t = 0; t < frames(); t++) {
      if (!found[t] || !inside[t]) {
        return false;
      }
    }
    return true;
  }
}
