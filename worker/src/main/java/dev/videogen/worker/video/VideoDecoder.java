package dev.videogen.worker.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Reads a video or image file (mp4, webm, gif, png including APNG, jpg, and whatever else FFmpeg
 * demuxes) into a {@link Clip}: every frame, a range of frames, or the last few (the context that
 * extending or connecting a video is conditioned on). Frames are decoded in order, so the selected
 * frames are exact whatever the codec's keyframe spacing; only the selected frames are kept.
 */
public final class VideoDecoder {
  /**
   * The frame rate given to a clip read from a still image, which has none (a {@link Clip} needs a
   * positive one); {@link MediaInfo} reports 0 for it.
   */
  public static final double STILL_FPS = 1;

  static {
    Ffmpeg.load();
  }

  private VideoDecoder() {}

  /** Every frame of {@code file}. */
  public static Clip read(Path file) throws IOException {
    return read(file, 0, Integer.MAX_VALUE);
  }

  /**
   * Frames {@code [from, to)} of {@code file}; {@code to} beyond the end means up to the end.
   *
   * @throws IOException if the file is missing or unreadable, or has no frame at {@code from}
   */
  public static Clip read(Path file, int from, int to) throws IOException {
    if (from < 0 || to <= from) {
      throw new IllegalArgumentException("frame range [" + from + ", " + to + ") is empty");
    }
    List<float[]> kept = new ArrayList<>();
    Decoded d = decode(file, t -> t >= from && t < to, kept::add, to);
    if (kept.isEmpty()) {
      throw new IOException(
          file + " has " + d.frames + " frames: none in [" + from + ", " + to + ")");
    }
    return d.clip(kept);
  }

  /** The last {@code count} frames of {@code file} (all of them if it has fewer). */
  public static Clip readLast(Path file, int count) throws IOException {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    ArrayDeque<float[]> last = new ArrayDeque<>(count);
    Decoded d =
        decode(
            file,
            t -> true,
            pixels -> {
              if (last.size() == count) {
                last.removeFirst();
              }
              last.addLast(pixels);
            },
            Integer.MAX_VALUE);
    return d.clip(new ArrayList<>(last));
  }

  /** What was read: size, rate and how many frames were decoded in all. */
  private record Decoded(int width, int height, double fps, int frames) {
    Clip clip(List<float[]> kept) {
      int size = width * height * Clip.CHANNELS;
      float[] rgb = new float[kept.size() * size];
      for (int i = 0; i < kept.size(); i++) {
        System.arraycopy(kept.get(i), 0, rgb, i * size, size);
      }
      return new Clip(kept.size(), height, width, fps, rgb);
    }
  }

  private static Decoded decode(
      Path file, IntPredicate selection, Consumer<float[]> sink, int stopAt) throws IOException {
    long mark = Ffmpeg.errorMark();
    try (FFmpegFrameGrabber grabber = open(file)) {
      try {
        int width = grabber.getImageWidth();
        int height = grabber.getImageHeight();
        double fps = MediaInfo.frameRate(file, grabber);
        AVStream stream = MediaInfo.videoStream(grabber);
        long declared = stream == null ? 0 : stream.nb_frames();
        int t = 0;
        for (Frame frame = grabber.grabImage(); frame != null; frame = grabber.grabImage()) {
          if (frame.imageWidth != width || frame.imageHeight != height) {
            throw new IOException(
                file
                    + " changes size from "
                    + width
                    + "x"
                    + height
                    + " to "
                    + frame.imageWidth
                    + "x"
                    + frame.imageHeight
                    + " at frame "
                    + t
                    + ": a clip has one size");
          }
          if (selection.test(t)) {
            sink.accept(pixels(frame));
          }
          t++;
          if (t >= stopAt) {
            break;
          }
        }
        if (t == 0) {
          throw new IOException(file + " has no video frames");
        }
        // Only some containers (mp4) declare a frame count; where one does, fewer frames means
        // a cut-off or damaged file, which must not pass for a shorter video.
        if (t < stopAt && declared > t) {
          throw new IOException(
              file
                  + " is truncated or damaged: its header declares "
                  + declared
                  + " frames, "
                  + t
                  + " decode");
        }
        return new Decoded(width, height, fps > 0 ? fps : STILL_FPS, t);
      } catch (FrameGrabber.Exception e) {
        throw new IOException("cannot decode " + file + ": " + Ffmpeg.explain(e, mark), e);
      }
    }
  }

  /**
   * Opens {@code file} for decoding to RGB24, with a clear error for a missing file or one FFmpeg
   * does not recognise.
   */
  static FFmpegFrameGrabber open(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such video or image file");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IOException(file + " is not a readable file");
    }
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber("file:" + file.toAbsolutePath());
    grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
    long mark = Ffmpeg.errorMark();
    try {
      grabber.start();
    } catch (FrameGrabber.Exception e) {
      grabber.release();
      throw new IOException(
          file
              + " is not a video or image that FFmpeg can read (expected mp4, webm, gif, png or"
              + " jpg): "
              + Ffmpeg.explain(e, mark),
          e);
    }
    if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
      grabber.close();
      throw new IOException(file + " has no video stream (format " + grabber.getFormat() + ")");
    }
    return grabber;
  }

  /** An RGB24 frame as floats in [0, 1], (H, W, C). */
  private static float[] pixels(Frame frame) {
    ByteBuffer buffer = (ByteBuffer) frame.image[0];
    int w = frame.imageWidth;
    int h = frame.imageHeight;
    float[] rgb = new float[w * h * Clip.CHANNELS];
    for (int y = 0; y < h; y++) {
      int row = y * frame.imageStride;
      for (int i = 0; i < w * Clip.CHANNELS; i++) {
        rgb[y * w * Clip.CHANNELS + i] = (buffer.get(row + i) & 0xff) / 255f;
      }
    }
    return rgb;
  }
}
