package dev.videogen.worker.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.videogen.api.task.CheckpointReference;
import dev.videogen.api.task.TrainingProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {
  private final AtomicLong nanos = new AtomicLong();
  private final List<TrainingProgress> reports = new ArrayList<>();
  private final Clock clock =
      Clock.fixed(Instant.parse("2025-05-01T12:00:00.750Z"), ZoneOffset.UTC);

  private ProgressTracker tracker(Duration interval) {
    return new ProgressTracker(100, interval, clock, nanos::get, reports::add);
  }

  private void advanceSeconds(double seconds) {
    nanos.addAndGet((long) (seconds * 1e9));
  }

  @Test
  void reportsAtMostOncePerIntervalAndAtOnceOnACheckpoint() {
    ProgressTracker t = tracker(Duration.ofSeconds(10));
    t.start(0, null);
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).step()).isZero();
    assertThat(reports.get(0).loss()).isNull();
    assertThat(reports.get(0).time()).isEqualTo("2025-05-01T12:00:00Z");

    for (int step = 1; step <= 4; step++) {
      advanceSeconds(3);
      t.step(step, step, 8); // losses 1, 2, 3, then 4 at 12 s
    }
    assertThat(reports).hasSize(2);
    TrainingProgress second = reports.get(1);
    assertThat(second.step()).isEqualTo(4);
    assertThat(second.loss()).isCloseTo(2.5, within(1e-12));
    assertThat(second.samplesPerSecond()).isCloseTo(32 / 12.0, within(1e-9));

    advanceSeconds(1);
    t.step(5, Double.NaN, 8); // a dropped step: counted in throughput, not in the loss
    advanceSeconds(1);
    t.step(6, 7, 8);
    assertThat(reports).hasSize(2);
    t.checkpoint(new CheckpointReference("file:///run/step-00000006", 6));
    assertThat(reports).hasSize(3);
    TrainingProgress third = reports.get(2);
    assertThat(third.loss()).isEqualTo(7.0);
    assertThat(third.samplesPerSecond()).isCloseTo(16 / 2.0, within(1e-9));
    assertThat(third.checkpoint().step()).isEqualTo(6);

    // Nothing new since: the last loss and rate stand, the checkpoint stays.
    assertThat(t.current().loss()).isEqualTo(7.0);
    assertThat(t.current().checkpoint()).isEqualTo(third.checkpoint());
  }

  @Test
  void aZeroIntervalReportsEveryStepWithItsOwnLoss() {
    ProgressTracker t = tracker(Duration.ZERO);
    t.start(40, new CheckpointReference(null, 40));
    for (int step = 41; step <= 43; step++) {
      advanceSeconds(0.5);
      t.step(step, step / 100.0, 2);
    }
    assertThat(reports).extracting(TrainingProgress::step).containsExactly(40L, 41L, 42L, 43L);
    assertThat(reports.subList(1, 4))
        .extracting(TrainingProgress::loss)
        .containsExactly(0.41, 0.42, 0.43);
    assertThat(reports.get(3).samplesPerSecond()).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void aFailingReporterDoesNotStopTheOthers() {
    List<TrainingProgress> seen = new ArrayList<>();
    ProgressReporter all =
        ProgressReporter.all(
            List.of(
                p -> {
                  throw new IllegalStateException("boom");
                },
                ProgressReporter.callback(seen::add),
                ProgressReporter.callback(
                    p -> {
                      throw new IllegalStateException("callback failed");
                    })));
    TrainingProgress p = new TrainingProgress(1, 2, 0.5, 1.0, null, "2025-05-01T12:00:00Z");
    all.report(p);
    all.flush(100);
    assertThat(seen).containsExactly(p);
  }

  @Test
  void aProgressLineSaysStepLossRateAndCheckpoint() {
    StringWriter text = new StringWriter();
    new ProgressLine(new PrintWriter(text))
        .report(
            new TrainingProgress(
                120,
                3000,
                0.41234567,
                26.34,
                new CheckpointReference("s3://m/r/step-00000100", 100),
                "2025-05-01T12:00:00Z"));
    assertThat(text.toString())
        .isEqualTo(
            "progress: step 120/3000 (4.0%) loss 0.412346 26.3 clips/s checkpoint 100"
                + System.lineSeparator());
  }
}
