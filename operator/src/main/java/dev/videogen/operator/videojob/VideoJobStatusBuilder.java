package dev.videogen.operator.videojob;

import dev.videogen.api.plan.Plan;
import dev.videogen.api.plan.RenderShard;
import dev.videogen.api.plan.Shard;
import dev.videogen.api.plan.Stage;
import dev.videogen.api.task.TaskResult;
import dev.videogen.api.v1alpha1.VideoJobStatus;
import dev.videogen.api.v1alpha1.status.Phase;
import dev.videogen.api.v1alpha1.status.ShardCounts;
import dev.videogen.api.v1alpha1.status.VideoProgress;
import dev.videogen.operator.status.Conditions;
import dev.videogen.operator.status.Durations;
import dev.videogen.operator.videojob.VideoJobObservation.Blocker;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a VideoJob's status from what the reconciler observed (pure, like Keycloak's status
 * aggregator): phase, conditions that keep their transition times, plan summary, shard counts,
 * failed shards, frame progress, the finished artifact and start/completion times.
 */
public final class VideoJobStatusBuilder {
  private VideoJobStatusBuilder() {}

  public static VideoJobStatus build(VideoJobObservation o) {
    VideoJobStatus previous = o.previous() != null ? o.previous() : new VideoJobStatus();
    VideoJobStatus s = new VideoJobStatus();
    s.setObservedGeneration(o.generation());
    s.setCheckpoint(o.checkpoint() != null ? o.checkpoint() : previous.getCheckpoint());
    s.setStartTime(previous.getStartTime());
    s.setCompletionTime(previous.getCompletionTime());
    List<Condition> conditions = previous.getConditions();

    if (o.blocked() != null && (o.blocked().permanent() || o.jobs().isEmpty())) {
      return blocked(o, s, conditions, o.blocked());
    }
    Plan plan = o.plan();
    s.setPlan(plan.summary());
    Progress progress = progress(plan, o);
    s.setShards(progress.counts());
    s.setFailedShards(ShardFailures.of(o.pods()));
    VideoProgress vp = new VideoProgress();
    vp.setFramesTotal((long) plan.timeline().frames());
    vp.setFramesDone(progress.framesDone());
    vp.setPercent(progress.percent(plan));
    s.setProgress(vp);
    if (s.getStartTime() == null) {
      s.setStartTime(firstCreated(o).map(Instant::toString).orElse(null));
    }

    Phase phase;
    String reason;
    String message;
    if (progress.failed() != null) {
      phase = Phase.Failed;
      reason = "ShardFailed";
      message = progress.failed();
    } else if (progress.succeeded()) {
      phase = Phase.Succeeded;
      reason = "Succeeded";
      message = "rendered " + plan.timeline().frames() + " frames";
      s.setArtifacts(artifacts(plan, o));
    } else if (o.suspended()) {
      phase = Phase.Suspended;
      reason = "Suspended";
      message = "spec.suspend is true: no worker pods run; set it to false to continue";
    } else if (progress.started()) {
      phase = Phase.Running;
      reason = "Rendering";
      message = progress.summary();
    } else {
      phase = Phase.Pending;
      reason = "WaitingForPods";
      message = progress.summary();
    }
    s.setPhase(phase);
    if (phase.isFinal() && s.getCompletionTime() == null) {
      s.setCompletionTime(o.now().toString());
    }
    s.setDuration(duration(s, o.now()));
    s.setConditions(conditions(conditions, phase, reason, message, o));
    return s;
  }

  private static VideoJobStatus blocked(
      VideoJobObservation o, VideoJobStatus s, List<Condition> conditions, Blocker b) {
    Phase phase = b.permanent() ? Phase.Failed : o.suspended() ? Phase.Suspended : Phase.Pending;
    if (o.plan() != null) {
      s.setPlan(o.plan().summary());
    }
    s.setPhase(phase);
    if (phase.isFinal() && s.getCompletionTime() == null) {
      s.setCompletionTime(o.now().toString());
    }
    s.setDuration(duration(s, o.now()));
    s.setConditions(conditions(conditions, phase, b.reason(), b.message(), o));
    return s;
  }

  private static List<Condition> conditions(
      List<Condition> previous, Phase phase, String reason, String message, VideoJobObservation o) {
    Long g = o.generation();
    Instant now = o.now();
    List<Condition> c = previous;
    boolean running = phase == Phase.Running || phase == Phase.Pending;
    c = Conditions.set(c, Conditions.READY, phase == Phase.Succeeded, reason, message, g, now);
    c = Conditions.set(c, Conditions.PROGRESSING, running, reason, message, g, now);
    c = Conditions.set(c, Conditions.SUCCEEDED, phase == Phase.Succeeded, reason, message, g, now);
    c = Conditions.set(c, Conditions.FAILED, phase == Phase.Failed, reason, message, g, now);
    c = Conditions.set(c, Conditions.SUSPENDED, phase == Phase.Suspended, reason, message, g, now);
    return c;
  }

  /** Shards by state over all stages, and frames owned by finished render shards. */
  private record Progress(
      ShardCounts counts,
      long framesDone,
      boolean started,
      boolean succeeded,
      String failed,
      String summary) {
    int percent(Plan plan) {
      if (succeeded) {
        return 100;
      }
      // Rendering is the work; the stitch is a small last step, so a plan never shows 100 early.
      long total = Math.max(1, plan.timeline().frames());
      return (int) Math.min(99, framesDone * 100 / total);
    }
  }

  private static Progress progress(Plan plan, VideoJobObservation o) {
    int total = 0;
    int succeeded = 0;
    int running = 0;
    int failed = 0;
    long framesDone = 0;
    boolean started = false;
    boolean allDone = true;
    String failure = null;
    String current = null;
    for (Stage stage : plan.stages()) {
      total += stage.shards().size();
      Job job = o.jobs().get(stage.name());
      StageState state = StageState.of(job);
      if (state.kind() != StageState.Kind.Succeeded) {
        allDone = false;
      }
      if (job == null || job.getStatus() == null) {
        continue;
      }
      Set<Integer> completed = IndexSets.parse(job.getStatus().getCompletedIndexes());
      Set<Integer> failedIndexes = IndexSets.parse(job.getStatus().getFailedIndexes());
      succeeded += completed.size();
      failed += failedIndexes.size();
      int active = job.getStatus().getActive() == null ? 0 : job.getStatus().getActive();
      running += active;
      started |= active > 0 || !completed.isEmpty() || job.getStatus().getStartTime() != null;
      for (Shard shard : stage.shards()) {
        if (shard instanceof RenderShard render && completed.contains(shard.index())) {
          framesDone += render.owned().size();
        }
      }
      if (state.kind() == StageState.Kind.Failed && failure == null) {
        failure =
            "stage "
                + stage.name()
                + " failed ("
                + state.reason()
                + "): "
                + Optional.ofNullable(state.message()).orElse("")
                + failedShardHint(o);
      }
      if (current == null && state.kind() != StageState.Kind.Succeeded) {
        current =
            "stage "
                + (stage.index() + 1)
                + "/"
                + plan.stages().size()
                + " ("
                + stage.name()
                + "): "
                + completed.size()
                + "/"
                + stage.shards().size()
                + " shards done";
      }
    }
    ShardCounts counts = new ShardCounts();
    counts.setTotal(total);
    counts.setSucceeded(succeeded);
    counts.setRunning(running);
    counts.setFailed(failed);
    counts.setPending(Math.max(0, total - succeeded - running - failed));
    String summary = current != null ? current : "all stages done";
    return new Progress(counts, framesDone, started, allDone, failure, summary);
  }

  private static String failedShardHint(VideoJobObservation o) {
    var failures = ShardFailures.of(o.pods());
    if (failures.isEmpty()) {
      return "";
    }
    var f = failures.get(0);
    return "; shard "
        + f.getStage()
        + "-"
        + f.getIndex()
        + ": "
        + f.getReason()
        + ": "
        + f.getMessage();
  }

  private static List<dev.videogen.api.v1alpha1.status.Artifact> artifacts(
      Plan plan, VideoJobObservation o) {
    Stage last = plan.stages().get(plan.stages().size() - 1);
    Shard result = last.shards().get(last.shards().size() - 1);
    List<dev.videogen.api.v1alpha1.status.Artifact> out = new ArrayList<>();
    Optional<TaskResult> r = ShardFailures.result(o.pods(), last.name(), result.index());
    r.ifPresent(t -> t.artifacts().forEach(a -> out.add(a.toStatus())));
    return out;
  }

  private static Optional<Instant> firstCreated(VideoJobObservation o) {
    return o.jobs().values().stream()
        .map(j -> j.getMetadata().getCreationTimestamp())
        .filter(java.util.Objects::nonNull)
        .map(Instant::parse)
        .min(Instant::compareTo);
  }

  private static String duration(VideoJobStatus s, Instant now) {
    if (s.getStartTime() == null) {
      return null;
    }
    Instant end = s.getCompletionTime() != null ? Instant.parse(s.getCompletionTime()) : now;
    return Durations.format(java.time.Duration.between(Instant.parse(s.getStartTime()), end));
  }
}
