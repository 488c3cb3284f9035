package dev.videogen.worker.local;

import dev.videogen.api.plan.Plan;
import dev.videogen.api.plan.RenderShard;
import dev.videogen.api.plan.Shard;
import dev.videogen.api.plan.ShardPlanner;
import dev.videogen.api.plan.Stage;
import dev.videogen.api.task.StageDocument;
import dev.videogen.api.task.TaskDocuments;
import dev.videogen.api.task.TaskResult;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.api.v1alpha1.VideoJobSpec;
import dev.videogen.api.v1alpha1.VideoJobStatus;
import dev.videogen.api.v1alpha1.status.FailedShard;
import dev.videogen.api.v1alpha1.status.Phase;
import dev.videogen.api.v1alpha1.status.ShardCounts;
import dev.videogen.api.v1alpha1.status.VideoProgress;
import dev.videogen.worker.store.StoreSettings;
import dev.videogen.worker.task.TaskReport;
import dev.videogen.worker.task.TaskRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * One VideoJob run in-process as the operator would run it: the same plan, the same stage
 * documents, the same task code, stage after stage, the shards of a stage on a pool as large as the
 * stage's parallelism allows within the thread budget. Its status, in the resource's shape, is
 * rewritten to {@code <output.location>/status.yaml} as shards finish. Shards finished by an
 * earlier run are reused through their completion markers, so a stopped run resumes.
 */
final class VideoJobRun {
  /** How the run ended; {@code permanent} when a failure would recur on a re-run. */
  record Outcome(VideoJobStatus status, boolean permanent) {}

  private final VideoJob job;
  private final VideoJobSpec spec;
  private final String checkpoint;
  private final TaskRunner runner;
  private final ThreadBudget budget;
  private final StoreSettings stores;
  private final PrintWriter out;
  private final BooleanSupplier stop;
  private final VideoJobStatus status = new VideoJobStatus();
  private final Instant started = Instant.now();
  private String statusUri;

  VideoJobRun(
      VideoJob job,
      String checkpoint,
      TaskRunner runner,
      ThreadBudget budget,
      StoreSettings stores,
      PrintWriter out,
      BooleanSupplier stop) {
    this.job = job;
    this.spec = job.getSpec();
    this.checkpoint = checkpoint;
    this.runner = runner;
    this.budget = budget;
    this.stores = stores;
    this.out = out;
    this.stop = stop;
  }

  Outcome run() throws IOException {
    Plan plan = ShardPlanner.plan(spec);
    String location = spec.getOutput().getLocation();
    status.setStartTime(time(started));
    status.setPlan(plan.summary());
    ShardCounts counts = new ShardCounts();
    counts.setTotal(plan.shards().size());
    counts.setPending(plan.shards().size());
    counts.setRunning(0);
    counts.setSucceeded(0);
    counts.setFailed(0);
    status.setShards(counts);
    VideoProgress progress = new VideoProgress();
    progress.setFramesTotal((long) plan.timeline().frames());
    progress.setFramesDone(0L);
    progress.setPercent(0);
    status.setProgress(progress);
    LocalConditions.set(status, Phase.Running, "Rendering", "rendering " + describe(plan), now());
    writeStatus();
    out.printf(
        "VideoJob %s: %s with checkpoint %s; status in %s%n",
        name(), describe(plan), checkpoint, statusUri);

    Map<String, String> artifacts = TaskDocuments.plannedUris(plan, location);
    TaskReport last = null;
    for (Stage stage : plan.stages()) {
      if (stop.getAsBoolean()) {
        return suspended();
      }
      StageDocument document =
          TaskDocuments.forStage(spec, plan, stage.index(), checkpoint, artifacts);
      List<TaskReport> reports = runStage(plan, stage, document);
      if (reports.stream().anyMatch(TaskReport::cancelled)) {
        return suspended();
      }
      List<TaskReport> failed = reports.stream().filter(r -> !r.succeeded()).toList();
      if (!failed.isEmpty()) {
        return failed(stage, failed);
      }
      last = reports.get(reports.size() - 1);
    }
    status.setArtifacts(List.of(last.result().artifacts().get(0).toStatus()));
    progress.setFramesDone(progress.getFramesTotal());
    progress.setPercent(100);
    Instant done = now();
    status.setCompletionTime(time(done));
    status.setDuration(duration(Duration.between(started, done)));
    String uri = status.getArtifacts().get(0).getUri();
    LocalConditions.set(status, Phase.Succeeded, "Succeeded", "wrote " + uri, done);
    writeStatus();
    out.printf("VideoJob %s: Succeeded in %s: %s%n", name(), status.getDuration(), uri);
    return new Outcome(status, false);
  }

  private List<TaskReport> runStage(Plan plan, Stage stage, StageDocument document)
      throws IOException {
    int n = document.tasks().size();
    int concurrent = budget.shardsAtOnce(stage.parallelism());
    budget.apply(concurrent);
    out.printf(
        "stage %s: %d shard(s), %d at a time, %d thread(s) each%n",
        stage.name(), n, concurrent, budget.threadsPerShard(concurrent));
    StageProgress progress = new StageProgress(out, document);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            concurrent,
            r -> {
              Thread t = new Thread(r, "videogen-" + name() + "-" + stage.name());
              t.setDaemon(true);
              return t;
            });
    List<Future<TaskReport>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        Shard shard = stage.shards().get(i);
        var task = document.task(i);
        futures.add(
            pool.submit(
                () -> {
                  shardStarted();
                  TaskReport report = runner.run(task, progress, stop);
                  shardFinished(shard, report);
                  return report;
                }));
      }
      List<TaskReport> reports = new ArrayList<>();
      for (Future<TaskReport> future : futures) {
        reports.add(future.get());
      }
      progress.done();
      return reports;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for stage " + stage.name(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("shard of stage " + stage.name() + " crashed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private synchronized void shardStarted() {
    ShardCounts c = status.getShards();
    c.setPending(c.getPending() - 1);
    c.setRunning(c.getRunning() + 1);
  }

  private synchronized void shardFinished(Shard shard, TaskReport report) throws IOException {
    ShardCounts c = status.getShards();
    c.setRunning(c.getRunning() - 1);
    TaskResult result = report.result();
    if (report.cancelled()) {
      c.setPending(c.getPending() + 1);
      out.printf("  %s: stopped%n", shard.id());
      return;
    }
    if (report.succeeded()) {
      c.setSucceeded(c.getSucceeded() + 1);
      if (shard instanceof RenderShard render) {
        VideoProgress p = status.getProgress();
        p.setFramesDone(p.getFramesDone() + render.owned().size());
        p.setPercent((int) (100 * p.getFramesDone() / Math.max(1, p.getFramesTotal())));
      }
      var a = result.artifacts().get(0);
      out.printf(
          "  %s: %s %s (%d frames, sha256 %s)%n",
          shard.id(),
          report.reused() ? "reused" : "wrote",
          a.uri(),
          a.frames(),
          a.sha256().substring(0, 12));
    } else {
      c.setFailed(c.getFailed() + 1);
      out.printf(
          "  %s: failed (%s): %s%n", shard.id(), result.error().reason(), result.error().message());
    }
    writeStatus();
  }

  private Outcome suspended() throws IOException {
    LocalConditions.set(
        status,
        Phase.Suspended,
        "Interrupted",
        "stopped before it finished; run worker run again to resume (finished shards are kept)",
        now());
    status.setDuration(duration(Duration.between(started, now())));
    writeStatus();
    out.printf("VideoJob %s: stopped; run again to resume%n", name());
    return new Outcome(status, false);
  }

  private Outcome failed(Stage stage, List<TaskReport> failed) throws IOException {
    List<FailedShard> shards = new ArrayList<>();
    for (TaskReport report : failed) {
      if (shards.size() == VideoJobStatus.MAX_FAILED_SHARDS) {
        break;
      }
      FailedShard shard = new FailedShard();
      shard.setStage(stage.name());
      shard.setIndex(indexOf(stage, report.result().task()));
      shard.setAttempts(1);
      shard.setReason(report.result().error().reason());
      shard.setMessage(report.result().error().message());
      shards.add(shard);
    }
    status.setFailedShards(shards);
    FailedShard first = shards.get(0);
    Instant done = now();
    status.setCompletionTime(time(done));
    status.setDuration(duration(Duration.between(started, done)));
    LocalConditions.set(
        status,
        Phase.Failed,
        first.getReason(),
        "shard " + stage.name() + "-" + first.getIndex() + ": " + first.getMessage(),
        done);
    writeStatus();
    out.printf("VideoJob %s: Failed (%s)%n", name(), first.getReason());
    boolean permanent = failed.stream().allMatch(r -> r.exitCode() == TaskReport.EXIT_PERMANENT);
    return new Outcome(status, permanent);
  }

  private static Integer indexOf(Stage stage, String shardId) {
    for (Shard shard : stage.shards()) {
      if (shard.id().equals(shardId)) {
        return shard.index();
      }
    }
    return null;
  }

  private void writeStatus() throws IOException {
    statusUri = StatusFile.write(spec.getOutput().getLocation(), job, status, stores);
  }

  private String name() {
    return job.getMetadata().getName();
  }

  private static String describe(Plan plan) {
    return String.format(
        "%s plan, %d stage(s), %d shard(s), %d frames",
        plan.strategy(), plan.stages().size(), plan.shards().size(), plan.timeline().frames());
  }

  private static Instant now() {
    return Instant.now();
  }

  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** As printed in the status: {@code 45s}, {@code 3m12s}, {@code 1h02m03s}. */
  static String duration(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60);
  }
}
