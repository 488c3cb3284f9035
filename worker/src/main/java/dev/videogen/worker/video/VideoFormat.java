package dev.videogen.worker.video;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The output formats the worker writes, named as in a VideoJob's {@code output.format}. Each names
 * the FFmpeg muxer that writes it; {@link VideoEncoder} holds the codec and quality settings.
 */
public enum VideoFormat {
  /** H.264 in MP4, yuv420p, moov atom first (faststart) so playback starts before the download. */
  MP4("mp4", "mp4"),
  /** VP9 in WebM, yuv420p, constant quality. */
  WEBM("webm", "webm"),
  /** GIF with one 256-colour palette computed from the whole clip, looping forever. */
  GIF("gif", "gif"),
  /** PNG: one frame is a plain PNG; several frames are one animated PNG (APNG), lossless. */
  PNG("png", "apng");

  private final String extension;
  private final String muxer;

  VideoFormat(String extension, String muxer) {
    this.extension = extension;
    this.muxer = muxer;
  }

  /** The file extension, without the dot; also the name in {@code output.format}. */
  public String extension() {
    return extension;
  }

  /** The FFmpeg muxer (a one-frame png is written by the JDK instead, as a plain PNG). */
  String muxer() {
    return muxer;
  }

  /** The format named {@code name} ("mp4", "webm", "gif", "png"; any case). */
  public static VideoFormat parse(String name) {
    return Arrays.stream(values())
        .filter(f -> f.extension.equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("unknown video format '" + name + "': " + names()));
  }

  /** The format a file name's extension names, if any. */
  public static Optional<VideoFormat> of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(f -> name.endsWith("." + f.extension)).findFirst();
  }

  /** "mp4, webm, gif or png". */
  public static String names() {
    String all =
        Arrays.stream(values()).map(VideoFormat::extension).collect(Collectors.joining(", "));
    int last = all.lastIndexOf(", ");
    return all.substring(0, last) + " or " + all.substring(last + 2);
  }
}
