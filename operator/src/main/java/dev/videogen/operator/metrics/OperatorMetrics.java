package dev.videogen.operator.metrics;

import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.TrainingRunStatus;
import dev.videogen.api.v1alpha1.status.Phase;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * videogen's Prometheus metrics (at {@code /q/metrics}): resources by phase, read from the
 * controllers' caches at scrape time so they are always current; shard durations; reconcile errors.
 * Names are part of the chart's dashboard: change them together.
 */
@ApplicationScoped
public class OperatorMetrics {
  private static final int SEEN_LIMIT = 10_000;
  private static final double[] SECONDS_BUCKETS = {
    1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200
  };
  private final MeterRegistry registry;
  private Supplier<Stream<TrainingRun>> trainingRuns;
  private MultiGauge trainingStep;
  private MultiGauge trainingLoss;

  /** Pods whose duration was recorded (a bounded memory, oldest forgotten first). */
  private final Map<String, Boolean> seen =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > SEEN_LIMIT;
            }
          });

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Registers gauge {@code name{phase}} for each phase, counting the resources that {@code cache}
   * lists (e.g. {@code videogen_videojobs{phase="Running"}}).
   */
  public <R extends HasMetadata> void phases(
      String name, Supplier<Stream<R>> cache, Function<R, Phase> phaseOf) {
    for (Phase phase : Phase.values()) {
      Gauge.builder(name, () -> cache.get().filter(r -> phaseOf.apply(r) == phase).count())
          .tag("phase", phase.name())
          .strongReference(true)
          .description("Resources by status.phase")
          .register(registry);
    }
  }

  /**
   * Records, once per pod, a finished shard's run time ({@code videogen_shard_duration_seconds})
   * and how long it waited to start after its pod was created ({@code
   * videogen_shard_queue_wait_seconds}: scheduling, image pull, Kueue).
   */
  public void shardFinished(
      String podUid, String namespace, String stage, double seconds, double queueSeconds) {
    if (seen.putIfAbsent(podUid, Boolean.TRUE) != null) {
      return;
    }
    summary("videogen.shard.duration", "Run time of finished VideoJob shards", namespace, stage)
        .record(seconds);
    summary(
            "videogen.shard.queue.wait",
            "Time from a shard pod's creation to its container's start",
            namespace,
            stage)
        .record(queueSeconds);
  }

  private DistributionSummary summary(
      String name, String description, String namespace, String stage) {
    return DistributionSummary.builder(name)
        .baseUnit("seconds")
        .description(description)
        .tag("namespace", namespace)
        .tag("stage", stage == null ? "" : stage)
        .serviceLevelObjectives(SECONDS_BUCKETS)
        .register(registry);
  }

  /** Registers {@code videogen_trainingrun_step} and {@code _loss} for the cached TrainingRuns. */
  public void trainingProgress(Supplier<Stream<TrainingRun>> runs) {
    this.trainingRuns = runs;
    this.trainingStep =
        MultiGauge.builder("videogen.trainingrun.step")
            .description("Optimiser steps done, by TrainingRun")
            .register(registry);
    this.trainingLoss =
        MultiGauge.builder("videogen.trainingrun.loss")
            .description("Training loss, by TrainingRun")
            .register(registry);
  }

  /** Updates the per-TrainingRun gauges from the cache (removed runs disappear). */
  public synchronized void refreshTraining() {
    if (trainingRuns == null) {
      return;
    }
    List<TrainingRun> runs = trainingRuns.get().toList();
    trainingStep.register(
        rows(runs, s -> s.getStep() == null ? null : s.getStep().doubleValue()), true);
    trainingLoss.register(rows(runs, TrainingRunStatus::getLoss), true);
  }

  private static List<MultiGauge.Row<?>> rows(
      List<TrainingRun> runs, Function<TrainingRunStatus, Double> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (TrainingRun run : runs) {
      Double v = run.getStatus() == null ? null : value.apply(run.getStatus());
      if (v != null) {
        rows.add(
            MultiGauge.Row.of(
                Tags.of(
                    "namespace",
                    run.getMetadata().getNamespace(),
                    "name",
                    run.getMetadata().getName()),
                v));
      }
    }
    return rows;
  }

  public void reconcileError(String controller, Exception e) {
    Counter.builder("videogen.reconcile.errors")
        .tag("controller", controller)
        .tag("exception", e.getClass().getSimpleName())
        .description("Reconciles that ended in an exception")
        .register(registry)
        .increment();
  }
}
