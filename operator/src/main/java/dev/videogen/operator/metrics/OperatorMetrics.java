package dev.videogen.operator.metrics;

import dev.videogen.api.v1alpha1.status.Phase;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.LinkedHashMap;
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
  private final MeterRegistry registry;
  private final DistributionSummary shardSeconds;

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
    this.shardSeconds =
        DistributionSummary.builder("videogen.shard.duration")
            .baseUnit("seconds")
            .description("Wall time of finished VideoJob shards (one worker pod each)")
            .serviceLevelObjectives(10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200)
            .register(registry);
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
          .description("Resources by status.phase")
          .register(registry);
    }
  }

  /** Records a finished shard's duration once per pod. */
  public void shardFinished(String podUid, double seconds) {
    if (seen.putIfAbsent(podUid, Boolean.TRUE) == null) {
      shardSeconds.record(seconds);
    }
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
