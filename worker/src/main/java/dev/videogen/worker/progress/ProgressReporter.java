package dev.videogen.worker.progress;

import dev.videogen.api.task.TrainingProgress;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a training task's progress goes. Reporting is best effort: a reporter that fails must never
 * stop training, so {@link #all} and {@link #callback} catch and log what a reporter throws.
 */
@FunctionalInterface
public interface ProgressReporter {
  /** Publishes {@code progress}; called from the training thread, so it must not block for long. */
  void report(TrainingProgress progress);

  /**
   * Waits until what was reported has been published, at most {@code timeoutMillis} (before the
   * process exits). Reporters that publish synchronously return at once.
   */
  default void flush(long timeoutMillis) {}

  /** Reports nothing. */
  static ProgressReporter none() {
    return progress -> {};
  }

  /** Calls {@code consumer} (the local runner's status), logging what it throws. */
  static ProgressReporter callback(Consumer<TrainingProgress> consumer) {
    return guarded(consumer::accept);
  }

  /** Reports to each of {@code reporters} in turn; one failing does not keep the others from it. */
  static ProgressReporter all(List<ProgressReporter> reporters) {
    List<ProgressReporter> guarded = reporters.stream().map(ProgressReporter::guarded).toList();
    return new ProgressReporter() {
      @Override
      public void report(TrainingProgress progress) {
        guarded.forEach(r -> r.report(progress));
      }

      @Override
      public void flush(long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        for (ProgressReporter r : guarded) {
          r.flush(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        }
      }
    };
  }

  /** {@code reporter}, with what it throws logged rather than passed on. */
  static ProgressReporter guarded(ProgressReporter reporter) {
    Logger log = LoggerFactory.getLogger(ProgressReporter.class);
    return new ProgressReporter() {
      @Override
      public void report(TrainingProgress progress) {
        try {
          reporter.report(progress);
        } catch (RuntimeException e) {
          log.warn("progress report failed (training goes on): {}", e.toString());
        }
      }

      @Override
      public void flush(long timeoutMillis) {
        try {
          reporter.flush(timeoutMillis);
        } catch (RuntimeException e) {
          log.warn("progress flush failed: {}", e.toString());
        }
      }
    };
  }
}
