package dev.videogen.worker;

import java.io.PrintWriter;

/**
 * A progress line for long work: a bar, the count, the rate and the time left, redrawn in place on
 * a terminal and printed every few seconds otherwise (logs of a pod).
 */
public final class Progress {
  private static final int WIDTH = 30;
  private final PrintWriter out;
  private final long total;
  private final long first;
  private final long started = System.nanoTime();
  private final boolean terminal = System.console() != null;
  private long lastPrinted;

  public Progress(PrintWriter out, long total, long done) {
    this.out = out;
    this.total = total;
    this.first = done;
  }

  public void update(long done, String detail) {
    long now = System.nanoTime();
    boolean last = done >= total;
    if (!last && now - lastPrinted < (terminal ? 200_000_000L : 5_000_000_000L)) {
      return;
    }
    lastPrinted = now;
    double seconds = (now - started) / 1e9;
    double rate = (done - first) / Math.max(seconds, 1e-9);
    long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    int filled = (int) (WIDTH * done / Math.max(1, total));
    String line =
        String.format(
            "[%s%s] %d/%d  %.2f/s  ETA %d:%02d  %s",
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            done,
            total,
            rate,
            eta / 60,
            eta % 60,
            detail);
    if (terminal) {
      out.print("\r" + line);
    } else {
      out.println(line);
    }
    out.flush();
  }

  public void done() {
    if (terminal) {
      out.println();
    }
    out.printf("done in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }
}
