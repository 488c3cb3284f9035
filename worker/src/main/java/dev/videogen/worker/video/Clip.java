package dev.videogen.worker.video;

import java.util.Arrays;

/**
 * A video (or, with one frame, an image) in memory: RGB frames as floats in [0, 1].
 *
 * <p>Layout of {@code rgb}: (T, H, W, C) row-major with C = 3, so the value of channel {@code c} of
 * pixel ({@code y}, {@code x}) in frame {@code t} is at {@code ((t * H + y) * W + x) * 3 + c}. This
 * is the layout decoders produce and encoders consume; the model converts to (C, T, H, W) itself.
 *
 * @param frames T, the number of frames (1 for an image)
 * @param height H in pixels
 * @param width W in pixels
 * @param fps frames per second of playback
 * @param rgb the pixels, length T * H * W * 3
 */
public record Clip(int frames, int height, int width, double fps, float[] rgb) {
  public static final int CHANNELS = 3;

  public Clip {
    if (frames < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "a clip needs at least one 1x1 frame, got " + frames + "x" + height + "x" + width);
    }
    if (!(fps > 0)) {
      throw new IllegalArgumentException("fps must be positive, got " + fps);
    }
    long expected = (long) frames * height * width * CHANNELS;
    if (rgb.length != expected) {
      throw new IllegalArgumentException(
          "rgb has "
              + rgb.length
              + " values, a "
              + frames
              + "x"
              + height
              + "x"
              + width
              + " clip needs "
              + expected);
    }
  }

  /** A black clip of the given size. */
  public static Clip blank(int frames, int height, int width, double fps) {
    return new Clip(frames, height, width, fps, new float[frames * height * width * CHANNELS]);
  }

  /**
   * Index of channel {@code c} of pixel ({@code y}, {@code x}) of frame {@code t} in {@link #rgb}.
   */
  public int index(int t, int y, int x, int c) {
    return ((t * height + y) * width + x) * CHANNELS + c;
  }

  public float get(int t, int y, int x, int c) {
    return rgb[index(t, y, x, c)];
  }

  /** Values per frame: H * W * 3. */
  public int frameSize() {
    return height * width * CHANNELS;
  }

  /** Duration in seconds. */
  public double seconds() {
    return frames / fps;
  }

  /** Frames {@code [from, to)} as a new clip. */
  public Clip frames(int from, int to) {
    if (from < 0 || to > frames || from >= to) {
      throw new IllegalArgumentException(
          "frame range [" + from + ", " + to + ") outside a " + frames + "-frame clip");
    }
    return new Clip(
        to - from,
        height,
        width,
        fps,
        Arrays.copyOfRange(rgb, from * frameSize(), to * frameSize()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Clip c
        && frames == c.frames
        && height == c.height
        && width == c.width
        && Double.compare(fps, c.fps) == 0
        && Arrays.equals(rgb, c.rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * frames + height) + width) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "Clip[" + frames + "x" + height + "x" + width + " @" + fps + " fps]";
  }
}
