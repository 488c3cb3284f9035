package dev.videogen.worker.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * What a video or image file holds, as FFmpeg reads it: for status reporting and sidecars. Frames
 * are counted from the video stream's packets (one per frame for every codec we write), not
 * estimated from the duration, and without decoding.
 *
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param frames number of frames (1 for a still image)
 * @param fps frames per second; 0 for a still image (png, jpg, ...)
 * @param container FFmpeg's name of the demuxer, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "gif"
 * @param codec the video codec, e.g. "h264", "vp9", "gif", "apng", "png"
 * @param bytes the file's size
 */
public record MediaInfo(
    int width, int height, int frames, double fps, String container, String codec, long bytes) {

  /** Demuxers of formats that store a delay per frame instead of a frame rate. */
  private static final Set<String> DELAY_BASED = Set.of("gif", "apng");

  static {
    Ffmpeg.load();
  }

  /** Probes {@code file}; the same errors as {@link VideoDecoder} for missing or unknown files. */
  public static MediaInfo probe(Path file) throws IOException {
    try (FFmpegFrameGrabber grabber = VideoDecoder.open(file)) {
      try {
        int frames = packets(grabber).frames;
        double fps = frameRate(file, grabber);
        return new MediaInfo(
            grabber.getImageWidth(),
            grabber.getImageHeight(),
            frames,
            fps,
            grabber.getFormat(),
            avcodec.avcodec_get_name(grabber.getVideoCodec()).getString(),
            Files.size(file));
      } catch (FrameGrabber.Exception e) {
        throw new IOException("cannot probe " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /** Fields by name, in declaration order, for JSON sidecars and termination messages. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("width", width);
    map.put("height", height);
    map.put("frames", frames);
    map.put("fps", fps);
    map.put("container", container);
    map.put("codec", codec);
    map.put("bytes", bytes);
    return map;
  }

  /**
   * The stream's frame rate (0 for a still image), rounded to 1/1000 (so 30000/1001 reads 29.97):
   * the container's average rate, except for GIF and APNG, which have none and store a delay per
   * frame; there it is frames over total delay. (FFmpeg's estimate calls a GIF of alternating 12
   * and 13 cs delays 8.33 fps instead of 8, and a two-frame APNG 100000 fps.)
   */
  static double frameRate(Path file, FFmpegFrameGrabber grabber) throws IOException {
    double fps;
    String demuxer = grabber.getFormat();
    if (demuxer.equals("image2") || demuxer.endsWith("_pipe")) {
      return 0; // a still image (png_pipe, jpeg_pipe, ...): FFmpeg's 25 fps is only its default
    } else if (DELAY_BASED.contains(demuxer)) {
      try (FFmpegFrameGrabber again = VideoDecoder.open(file)) {
        Packets p = packets(again);
        fps = p.seconds > 0 ? p.frames / p.seconds : 0;
      }
    } else {
      fps = grabber.getVideoFrameRate();
    }
    if (!Double.isFinite(fps) || fps <= 0) {
      return 0;
    }
    return Math.round(fps * 1000) / 1000.0;
  }

  /** Video frames and their total duration in seconds (0 where the container has no durations). */
  private record Packets(int frames, double seconds) {}

  /** The first video stream of an opened file, or null. */
  static AVStream videoStream(FFmpegFrameGrabber grabber) {
    AVFormatContext format = grabber.getFormatContext();
    for (int i = 0; i < format.nb_streams(); i++) {
      if (format.streams(i).codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
        return format.streams(i);
      }
    }
    return null;
  }

  private static Packets packets(FFmpegFrameGrabber grabber) throws FrameGrabber.Exception {
    AVStream video = videoStream(grabber);
    if (video == null) {
      return new Packets(0, 0);
    }
    int frames = 0;
    long ticks = 0;
    for (AVPacket packet = grabber.grabPacket(); packet != null; packet = grabber.grabPacket()) {
      if (packet.stream_index() == video.index()) {
        frames++;
        ticks += Math.max(0, packet.duration());
      }
      avcodec.av_packet_unref(packet);
    }
    return new Packets(frames, ticks * avutil.av_q2d(video.time_base()));
  }
}
