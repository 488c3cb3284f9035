package dev.videogen.api.plan;

import dev.videogen.api.v1alpha1.spec.ShardingStrategy;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import dev.videogen.api.v1alpha1.status.PlanSummary;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * How a VideoJob is rendered: ordered stages of shards, made by {@link ShardPlanner} from the spec
 * alone (the same spec gives an equal plan). The last stage's only shard writes the finished video
 * ({@link #resultKey()}).
 *
 * @param strategy the strategy used (Auto resolved; Single whenever the video fits one shard)
 * @param seed the job seed ({@code sampling.seed}) the shard seeds derive from
 */
public record Plan(
    ShardingStrategy strategy, VideoTask task, Timeline timeline, long seed, List<Stage> stages) {
  /** Most shards in one plan: more means segments too short for the video; see the planner. */
  public static final int MAX_SHARDS = 1000;

  public Plan {
    stages = List.copyOf(stages);
  }

  public List<Shard> shards() {
    return stages.stream().flatMap(s -> s.shards().stream()).toList();
  }

  public Shard shard(String id) {
    return shards().stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no shard " + id + " in the plan"));
  }

  /** Key of the finished video (or image), relative to {@code output.location}. */
  public String resultKey() {
    List<Shard> last = stages.get(stages.size() - 1).shards();
    return last.get(last.size() - 1).artifactKey();
  }

  /** Frames rendered by all shards, overlaps and conditioning frames included. */
  public long renderedFrames() {
    return shards().stream().mapToLong(Shard::renderedFrames).sum();
  }

  /**
   * Frames rendered one after another on the way to the result: the sum over stages of each stage's
   * makespan with its parallelism. Proportional to wall time when every pod renders at the same
   * speed.
   */
  public long criticalPathFrames() {
    return stages.stream().mapToLong(Stage::makespanFrames).sum();
  }

  /** The summary written to {@code status.plan}. */
  public PlanSummary summary() {
    PlanSummary summary = new PlanSummary();
    summary.setStrategy(strategy.name());
    summary.setStages(stages.size());
    summary.setShards(shards().size());
    summary.setFrames((long) timeline.frames());
    summary.setRenderedFrames(renderedFrames());
    summary.setCriticalPathFrames(criticalPathFrames());
    return summary;
  }
}
