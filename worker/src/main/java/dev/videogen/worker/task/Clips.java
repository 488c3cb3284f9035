package dev.videogen.worker.task;

import dev.videogen.worker.video.Clip;
import java.util.List;

/** Joining clips end to end, as a stitch does. */
final class Clips {
  private Clips() {}

  /**
   * {@code clips} one after another at {@code fps}.
   *
   * @throws TaskFailure (permanent, InvalidTask) if their frame sizes differ
   */
  static Clip join(List<Clip> clips, double fps) {
    Clip first = clips.get(0);
    long total = 0;
    for (Clip clip : clips) {
      if (clip.width() != first.width() || clip.height() != first.height()) {
        throw TaskFailure.permanent(
            TaskFailure.INVALID_TASK,
            "cannot join frames of "
                + first.width()
                + "x"
                + first.height()
                + " and "
                + clip.width()
                + "x"
                + clip.height()
                + " pixels");
      }
      total += clip.frames();
    }
    if (total * first.frameSize() > Integer.MAX_VALUE - 8) {
      throw TaskFailure.permanent(
          TaskFailure.INVALID_TASK,
          total
              + " frames of "
              + first.width()
              + "x"
              + first.height()
              + " do not fit in one clip in memory: use a smaller size or a shorter video");
    }
    float[] rgb = new float[(int) (total * first.frameSize())];
    int at = 0;
    for (Clip clip : clips) {
      System.arraycopy(clip.rgb(), 0, rgb, at, clip.rgb().length);
      at += clip.rgb().length;
    }
    return new Clip((int) total, first.height(), first.width(), fps, rgb);
  }
}
