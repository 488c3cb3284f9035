package dev.videogen.worker.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes a {@link Clip} as mp4 (H.264), webm (VP9), gif or png through FFmpeg. Every write goes to
 * a temporary file in the target's directory that is renamed into place only once FFmpeg has
 * finished, so a reader never sees a half-written video under the final name, and a failed write
 * leaves whatever was there before.
 *
 * <p>Quality is fixed per format so that synthetic-world clips survive the round trip (see
 * docs/model.md, "Video output", for the settings and the PSNR they give).
 */
public final class VideoEncoder {
  /** x264's constant-rate factor, used where a GPL FFmpeg provides libx264. */
  static final int X264_CRF = 16;

  /** openh264 has no CRF: a quantiser ceiling bounds the loss instead (QP 0–51, lower = finer). */
  static final int OPENH264_MAX_QP = 20;

  /** VP9's constant-quality level (0–63, lower = finer), with no bitrate target. */
  static final int VP9_CRF = 20;

  /**
   * GIF: one palette of up to 256 colours from every pixel of the clip, then each frame mapped to
   * it with ordered (Bayer) dithering, which stays put from frame to frame instead of crawling the
   * way error diffusion does.
   */
  static final String GIF_FILTER =
      "split[a][b];[a]palettegen=max_colors=256:stats_mode=full[p];"
          + "[b][p]paletteuse=dither=bayer:bayer_scale=3";

  /** Frame rates every format holds; FFmpeg fails on a time base much outside them. */
  static final double MIN_FPS = 0.1;

  static final double MAX_FPS = 240;

  /** GIF delays are in 1/100 s, and browsers play delays under 2/100 s at 10/100 s. */
  static final double MAX_GIF_FPS = 50;

  /**
   * GIF stores each frame's delay in hundredths of a second: frames are stamped on that clock so
   * that a rate it cannot hold exactly (8 fps = 12.5 cs) alternates 12 and 13 cs and keeps its
   * average, instead of every delay rounding the same way.
   */
  static final int GIF_TICKS_PER_SECOND = 100;

  static {
    Ffmpeg.load();
  }

  private VideoEncoder() {}

  /** Writes {@code clip} in the format {@code file}'s extension names (.mp4, .webm, .gif, .png). */
  public static void write(Clip clip, Path file) throws IOException {
    VideoFormat format =
        VideoFormat.of(file)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        file + ": the extension must name a format: " + VideoFormat.names()));
    write(clip, file, format);
  }

  /**
   * Writes {@code clip} to {@code file} as {@code format}, atomically: the file appears complete or
   * not at all.
   *
   * @throws IllegalArgumentException if the format cannot hold a clip of this size
   * @throws IOException if FFmpeg or the file system fails; nothing is left at {@code file}
   */
  public static void write(Clip clip, Path file, VideoFormat format) throws IOException {
    check(format, clip.frames(), clip.width(), clip.height(), clip.fps());
    AtomicFile.write(
        file,
        partial -> {
          if (format == VideoFormat.PNG && clip.frames() == 1) {
            FrameStrip.writePng(clip, partial); // a plain PNG, any size: the JDK's encoder
          } else {
            encode(clip, partial, format);
          }
        });
  }

  /**
   * Refuses a clip {@code format} cannot hold, before any work: callers that render for minutes
   * check the size first. javacv would otherwise round an odd width up and rescale every frame, and
   * H.264/VP9 in yuv420p need even sides anyway.
   *
   * @throws IllegalArgumentException saying what to change
   */
  public static void check(VideoFormat format, int frames, int width, int height, double fps) {
    if (format == VideoFormat.PNG && frames == 1) {
      return; // a plain PNG of any size
    }
    double maxFps = format == VideoFormat.GIF ? MAX_GIF_FPS : MAX_FPS;
    if (fps < MIN_FPS || fps > maxFps) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s needs a frame rate in [%s, %s], got %s",
              describe(format, frames),
              MIN_FPS,
              maxFps,
              fps));
    }
    if (width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s needs an even width and height (yuv420p chroma and the encoder work on 2x2"
                  + " blocks), got %dx%d: use an even size (model sizes are multiples of 16)",
              describe(format, frames),
              width,
              height));
    }
    if (format == VideoFormat.MP4
        && "libopenh264".equals(Ffmpeg.H264_ENCODER)
        && (width < 16 || height < 16)) {
      throw new IllegalArgumentException(
          "mp4 (H.264 by openh264) needs at least 16x16 pixels, got " + width + "x" + height);
    }
  }

  private static String describe(VideoFormat format, int frames) {
    return switch (format) {
      case MP4 -> "mp4 (H.264)";
      case WEBM -> "webm (VP9)";
      case GIF -> "gif";
      case PNG -> frames > 1 ? "png with several frames (APNG)" : "png";
    };
  }

  private static void encode(Clip clip, Path partial, VideoFormat format) throws IOException {
    // "file:" keeps FFmpeg from reading a colon in the path as a protocol name.
    String url = "file:" + partial.toAbsolutePath();
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(url, clip.width(), clip.height(), 0);
    recorder.setFormat(format.muxer());
    recorder.setFrameRate(format == VideoFormat.GIF ? GIF_TICKS_PER_SECOND : clip.fps());
    configure(recorder, format);
    if (format == VideoFormat.GIF) {
      // The last frame has no successor to measure its delay against: give it the rest of the
      // clip's duration on the same clock.
      recorder.setOption(
          "final_delay",
          Long.toString(
              gifTick(clip.frames(), clip.fps()) - gifTick(clip.frames() - 1, clip.fps())));
    }
    long mark = Ffmpeg.errorMark();
    try {
      try {
        recorder.start();
        if (format == VideoFormat.GIF) {
          recordThroughPalette(clip, recorder);
        } else {
          record(clip, recorder);
        }
        recorder.stop();
      } finally {
        recorder.release();
      }
    } catch (FrameRecorder.Exception | FrameFilter.Exception e) {
      throw new IOException(
          "FFmpeg could not write "
              + clip
              + " as "
              + describe(format, clip.frames())
              + ": "
              + Ffmpeg.explain(e, mark),
          e);
    }
  }

  private static void configure(FFmpegFrameRecorder r, VideoFormat format) {
    switch (format) {
      case MP4 -> {
        String encoder = Ffmpeg.H264_ENCODER;
        if (encoder == null) {
          throw new IllegalStateException("this FFmpeg build has no H.264 encoder");
        }
        r.setVideoCodecName(encoder);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setVideoProfile(org.bytedeco.ffmpeg.global.avcodec.AV_PROFILE_H264_HIGH);
        if (encoder.equals("libx264")) {
          r.setVideoOption("crf", Integer.toString(X264_CRF));
          r.setVideoOption("preset", "medium");
        } else {
          // Quality mode with a ceiling on the quantiser; the bitrate is only the starting point
          // of rate control (openh264 requires one), generous enough that the ceiling decides.
          r.setVideoOption("rc_mode", "quality");
          r.setVideoOption("qmin", "1");
          r.setVideoOption("qmax", Integer.toString(OPENH264_MAX_QP));
          r.setVideoBitrate(bitsPerSecond(r, 0.5));
        }
        tagBt601(r);
        // The index (moov) before the media data: players start before the whole file arrives.
        r.setOption("movflags", "+faststart");
      }
      case WEBM -> {
        r.setVideoCodecName("libvpx-vp9");
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setVideoBitrate(0); // constant quality: crf alone decides
        r.setVideoOption("crf", Integer.toString(VP9_CRF));
        r.setVideoOption("deadline", "good");
        r.setVideoOption("cpu-used", "4");
        r.setVideoOption("row-mt", "1");
        tagBt601(r);
      }
      case GIF -> {
        r.setVideoCodecName("gif");
        r.setPixelFormat(avutil.AV_PIX_FMT_PAL8);
        r.setOption("loop", "0"); // loop forever
      }
      case PNG -> {
        r.setVideoCodecName("apng");
        r.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        r.setOption("plays", "0"); // loop forever
      }
    }
  }

  /**
   * javacv converts RGB to YUV (and back when decoding) with swscale's default BT.601 limited-range
   * matrix; saying so in the stream makes players use the same one.
   */
  private static void tagBt601(FFmpegFrameRecorder r) {
    r.setVideoOption("colorspace", "smpte170m");
    r.setVideoOption("color_primaries", "smpte170m");
    r.setVideoOption("color_trc", "smpte170m");
    r.setVideoOption("color_range", "tv");
  }

  /** A bitrate of {@code bitsPerPixel} per pixel per frame. */
  private static int bitsPerSecond(FFmpegFrameRecorder r, double bitsPerPixel) {
    double bits = bitsPerPixel * r.getImageWidth() * r.getImageHeight() * r.getFrameRate();
    return (int) Math.min(Integer.MAX_VALUE, Math.max(100_000, bits));
  }

  private static void record(Clip clip, FFmpegFrameRecorder recorder)
      throws FrameRecorder.Exception {
    try (Frame frame = new Frame(clip.width(), clip.height(), Frame.DEPTH_UBYTE, 3)) {
      for (int t = 0; t < clip.frames(); t++) {
        fill(clip, t, frame);
        recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
      }
    }
  }

  /**
   * Through palettegen/paletteuse: the palette needs every frame, so frames come out at the end.
   */
  private static void recordThroughPalette(Clip clip, FFmpegFrameRecorder recorder)
      throws FrameRecorder.Exception, FrameFilter.Exception {
    try (FFmpegFrameFilter filter = new FFmpegFrameFilter(GIF_FILTER, clip.width(), clip.height());
        Frame frame = new Frame(clip.width(), clip.height(), Frame.DEPTH_UBYTE, 3)) {
      filter.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
      filter.setFrameRate(clip.fps());
      filter.start();
      for (int t = 0; t < clip.frames(); t++) {
        fill(clip, t, frame);
        filter.push(frame, avutil.AV_PIX_FMT_RGB24);
      }
      filter.push(null); // end of stream: palettegen emits the palette, paletteuse the frames
      int written = 0;
      for (Frame out = filter.pull(); out != null; out = filter.pull()) {
        recorder.setFrameNumber((int) gifTick(written, clip.fps()));
        recorder.record(out, avutil.AV_PIX_FMT_PAL8);
        written++;
      }
      if (written != clip.frames()) {
        throw new FrameFilter.Exception(
            "the palette filter returned " + written + " of " + clip.frames() + " frames");
      }
    }
  }

  /** When frame {@code t} starts, in GIF ticks. */
  private static long gifTick(int t, double fps) {
    return Math.round(t * GIF_TICKS_PER_SECOND / fps);
  }

  /** Frame {@code t} of the clip as 8-bit RGB, rows {@code frame.imageStride} bytes apart. */
  private static void fill(Clip clip, int t, Frame frame) {
    ByteBuffer pixels = (ByteBuffer) frame.image[0];
    float[] rgb = clip.rgb();
    int w = clip.width();
    for (int y = 0; y < clip.height(); y++) {
      int row = y * frame.imageStride;
      int from = clip.index(t, y, 0, 0);
      for (int i = 0; i < w * 3; i++) {
        pixels.put(row + i, (byte) FrameStrip.byteOf(rgb[from + i]));
      }
    }
  }
}
