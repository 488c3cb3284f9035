package dev.videogen.worker.progress;

import dev.videogen.api.task.TrainingProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress as one line of text per report, for a terminal or a pod's log, e.g. {@code progress:
 * step 120/3000 (4.0%) loss 0.412345 26.3 clips/s checkpoint 100}.
 */
public final class ProgressLine implements ProgressReporter {
  private final PrintWriter out;

  public ProgressLine(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void report(TrainingProgress p) {
    out.println(format(p));
    out.flush();
  }

  /** The line for {@code p}; the loss with six significant digits. */
  public static String format(TrainingProgress p) {
    StringBuilder line =
        new StringBuilder()
            .append("progress: step ")
            .append(p.step())
            .append('/')
            .append(p.totalSteps())
            .append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * p.step() / p.totalSteps()));
    if (p.loss() != null) {
      line.append(String.format(Locale.ROOT, " loss %.6g", p.loss()));
    }
    if (p.samplesPerSecond() != null) {
      line.append(String.format(Locale.ROOT, " %.3g clips/s", p.samplesPerSecond()));
    }
    if (p.checkpoint() != null) {
      line.append(" checkpoint ").append(p.checkpoint().step());
    }
    return line.toString();
  }
}
