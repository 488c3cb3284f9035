package dev.videogen.worker.progress;

import dev.videogen.api.task.CheckpointReference;
import dev.videogen.api.task.TrainingProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.LongSupplier;

/**
 * Turns a training loop's steps and checkpoints into {@link TrainingProgress} reports: at most one
 * per {@code interval} while steps go by, and one at once for every checkpoint. Each report's loss
 * and throughput are over the steps since the previous report.
 */
public final class ProgressTracker {
  /** Default time between reports: the pod annotation is patched at most this often. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final long totalSteps;
  private final long intervalNanos;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final ProgressReporter reporter;

  private long step;
  private CheckpointReference checkpoint;
  private double lossSum;
  private int losses;
  private long clips;
  private long windowStart;
  private long lastReport;
  private Double lastLoss;
  private Double lastRate;

  public ProgressTracker(
      long totalSteps,
      Duration interval,
      Clock clock,
      LongSupplier nanoTime,
      ProgressReporter reporter) {
    this.totalSteps = totalSteps;
    this.intervalNanos = interval.toNanos();
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.reporter = reporter;
    this.windowStart = nanoTime.getAsLong();
    this.lastReport = windowStart;
  }

  public ProgressTracker(long totalSteps, Duration interval, ProgressReporter reporter) {
    this(totalSteps, interval, Clock.systemUTC(), System::nanoTime, reporter);
  }

  /** Where training starts: step 0, or a resumed checkpoint's step; reported at once. */
  public void start(long step, CheckpointReference checkpoint) {
    this.step = step;
    this.checkpoint = checkpoint;
    report();
  }

  /** Step {@code step} trained {@code batch} clips to {@code loss} (not finite: a dropped step). */
  public void step(long step, double loss, int batch) {
    this.step = step;
    clips += batch;
    if (Double.isFinite(loss)) {
      lossSum += loss;
      losses++;
    }
    if (nanoTime.getAsLong() - lastReport >= intervalNanos) {
      report();
    }
  }

  /** A checkpoint is complete: reported at once, so the operator learns it without delay. */
  public void checkpoint(CheckpointReference checkpoint) {
    this.checkpoint = checkpoint;
    report();
  }

  /** Reports now. */
  public void report() {
    reporter.report(current());
    lastReport = nanoTime.getAsLong();
    if (losses > 0 || clips > 0) {
      windowStart = lastReport;
      lossSum = 0;
      losses = 0;
      clips = 0;
    }
  }

  /**
   * The progress now: loss and throughput over the steps since the previous report, or as last
   * reported when no step has been made since.
   */
  public TrainingProgress current() {
    long now = nanoTime.getAsLong();
    if (losses > 0) {
      lastLoss = lossSum / losses;
    }
    if (clips > 0 && now > windowStart) {
      lastRate = clips / ((now - windowStart) / 1e9);
    }
    return new TrainingProgress(
        step,
        totalSteps,
        lastLoss,
        lastRate,
        checkpoint,
        clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  public CheckpointReference checkpoint() {
    return checkpoint;
  }
}
