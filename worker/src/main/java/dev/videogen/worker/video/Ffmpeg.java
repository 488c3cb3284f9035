package dev.videogen.worker.video;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * The FFmpeg libraries that javacv loads from the Maven-packaged natives: which encoders this build
 * has, and where FFmpeg's log goes. Its error lines are kept (the last few) so that an exception
 * can say what FFmpeg said ("Resolution 70000x2 too large for mov/mp4") instead of a bare return
 * code; warnings and per-frame encoder chatter are dropped.
 */
public final class Ffmpeg {
  private static final int KEPT_ERRORS = 16;
  private static final Pattern CONTEXT = Pattern.compile("\\[([^\\]@]+?) @ 0x[0-9a-f]+\\] ");
  private static final ErrorLog ERRORS = new ErrorLog();

  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    avutil.setLogCallback(ERRORS);
  }

  /**
   * The H.264 encoder of this build: {@code libx264} where a GPL build provides it, otherwise
   * {@code libopenh264} (the LGPL build that the worker ships).
   */
  public static final String H264_ENCODER = firstEncoder("libx264", "libopenh264");

  private Ffmpeg() {}

  /** Loads the natives (once) and sets the log level; cheap after the first call. */
  static void load() {
    // The static initialiser does the work.
  }

  /** FFmpeg's version, e.g. "8.1.2". */
  public static String version() {
    return avutil.av_version_info().getString();
  }

  /** The licence FFmpeg was built under, e.g. "LGPL version 3 or later". */
  public static String license() {
    return avcodec.avcodec_license().getString();
  }

  /** Whether this build has an encoder of that name ("libopenh264", "libvpx-vp9", "gif"). */
  public static boolean hasEncoder(String name) {
    AVCodec codec = avcodec.avcodec_find_encoder_by_name(name);
    return codec != null && !codec.isNull();
  }

  /** A position in the error log: pass it to {@link #errorsSince} after a failed call. */
  static long errorMark() {
    return ERRORS.mark();
  }

  /** FFmpeg's error lines logged since {@code mark}, joined with "; " (empty if none). */
  static String errorsSince(long mark) {
    return ERRORS.since(mark);
  }

  /**
   * javacv's exception text without its advice to install a log callback (this class has one) and
   * followed by what FFmpeg logged since {@code mark}.
   */
  static String explain(Exception e, long mark) {
    String message = String.valueOf(e.getMessage());
    int advice = message.indexOf(" (For more details");
    if (advice >= 0) {
      message = message.substring(0, advice);
    }
    String logged = errorsSince(mark);
    return logged.isEmpty() ? message : logged + " (" + message + ")";
  }

  /** Keeps FFmpeg's last error lines; FFmpeg calls it from its own threads too. */
  private static final class ErrorLog extends LogCallback {
    private final Deque<String> lines = new ArrayDeque<>();
    private long count;

    ErrorLog() {
      retainReference(); // the native side holds this callback for the life of the JVM
    }

    @Override
    public void call(int level, BytePointer msg) {
      if (level > avutil.AV_LOG_ERROR) {
        return;
      }
      String line = CONTEXT.matcher(msg.getString().strip()).replaceAll("$1: ");
      if (line.isEmpty()) {
        return;
      }
      synchronized (this) {
        lines.addLast(line);
        count++;
        if (lines.size() > KEPT_ERRORS) {
          lines.removeFirst();
        }
      }
    }

    synchronized long mark() {
      return count;
    }

    synchronized String since(long mark) {
      int wanted = (int) Math.min(lines.size(), count - mark);
      List<String> recent = new ArrayList<>(lines).subList(lines.size() - wanted, lines.size());
      return String.join("; ", recent);
    }
  }

  private static String firstEncoder(String... names) {
    for (String name : names) {
      if (hasEncoder(name)) {
        return name;
      }
    }
    // Only a broken or foreign FFmpeg build gets here: the shipped one has libopenh264.
    return null;
  }
}
