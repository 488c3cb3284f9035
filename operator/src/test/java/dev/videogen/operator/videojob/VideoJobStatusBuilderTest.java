package dev.videogen.operator.videojob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.api.plan.Plan;
import dev.videogen.api.plan.ShardPlanner;
import dev.videogen.api.plan.Stage;
import dev.videogen.api.task.ProducedArtifact;
import dev.videogen.api.task.TaskError;
import dev.videogen.api.task.TaskJson;
import dev.videogen.api.task.TaskResult;
import dev.videogen.api.task.Timings;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.api.v1alpha1.VideoJobSpec;
import dev.videogen.api.v1alpha1.VideoJobStatus;
import dev.videogen.api.v1alpha1.spec.ModelSource;
import dev.videogen.api.v1alpha1.spec.OutputFormat;
import dev.videogen.api.v1alpha1.spec.OutputSpec;
import dev.videogen.api.v1alpha1.spec.ShardingSpec;
import dev.videogen.api.v1alpha1.spec.ShardingStrategy;
import dev.videogen.api.v1alpha1.status.Phase;
import dev.videogen.operator.status.Conditions;
import dev.videogen.operator.videojob.VideoJobObservation.Blocker;
import dev.videogen.operator.workload.WorkerLabels;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VideoJobStatusBuilderTest {
  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  static final String SHA = "a".repeat(64);

  static VideoJobSpec spec(double seconds, ShardingStrategy strategy) {
    VideoJobSpec spec = new VideoJobSpec();
    spec.setModel(ModelSource.ofCheckpoint("s3://models/tiny/step-100"));
    spec.setPrompt("a red circle moves left");
    OutputSpec out = new OutputSpec();
    out.setWidth(32);
    out.setHeight(32);
    out.setFps(8);
    out.setDurationSeconds(seconds);
    out.setLocation("s3://videos/red");
    spec.setOutput(out);
    ShardingSpec sharding = new ShardingSpec();
    sharding.setStrategy(strategy);
    sharding.setMaxParallel(4);
    spec.setSharding(sharding);
    return spec;
  }

  static VideoJobObservation observe(
      Plan plan, Map<String, Job> jobs, List<Pod> pods, VideoJobStatus previous, Instant now) {
    return new VideoJobObservation(
        1L, previous, false, plan, null, "s3://models/tiny/step-100", jobs, pods, now);
  }

  static Job job(Stage stage, String completed, String failed, int active, String condition) {
    JobBuilder b =
        new JobBuilder()
            .withMetadata(
                new ObjectMetaBuilder()
                    .withName("red-" + stage.name())
                    .withCreationTimestamp(T0.toString())
                    .addToLabels(WorkerLabels.STAGE, stage.name())
                    .build())
            .withNewSpec()
            .withCompletions(stage.shards().size())
            .endSpec()
            .withNewStatus()
            .withCompletedIndexes(completed)
            .withFailedIndexes(failed)
            .withActive(active)
            .withStartTime(T0.toString())
            .endStatus();
    if (condition != null) {
      b.editStatus()
          .addNewCondition()
          .withType(condition)
          .withStatus("True")
          .withReason(condition.equals("Failed") ? "FailedIndexes" : null)
          .withMessage(condition.equals("Failed") ? "Job has failed indexes" : null)
          .endCondition()
          .endStatus();
    }
    return b.build();
  }

  static Pod pod(String stage, int index, String phase, int exit, String message, String at) {
    return new PodBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName("red-" + stage + "-" + index + "-" + at.hashCode())
                .withUid(stage + index + at)
                .addToLabels(WorkerLabels.STAGE, stage)
                .addToLabels(ShardFailures.COMPLETION_INDEX, Integer.toString(index))
                .build())
        .withNewStatus()
        .withPhase(phase)
        .addNewContainerStatus()
        .withName("worker")
        .withNewState()
        .withNewTerminated()
        .withExitCode(exit)
        .withMessage(message)
        .withStartedAt(T0.toString())
        .withFinishedAt(at)
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  @Test
  void freshJobIsPendingAndProgressing() {
    Plan plan = ShardPlanner.plan(spec(2, ShardingStrategy.Auto));
    VideoJobStatus s = VideoJobStatusBuilder.build(observe(plan, Map.of(), List.of(), null, T0));
    assertThat(s.getPhase()).isEqualTo(Phase.Pending);
    assertThat(s.getPlan().getStrategy()).isEqualTo("Single");
    assertThat(s.getShards().getTotal()).isEqualTo(1);
    assertThat(s.getShards().getPending()).isEqualTo(1);
    assertThat(Conditions.isTrue(s.getConditions(), Conditions.PROGRESSING)).isTrue();
    assertThat(Conditions.isTrue(s.getConditions(), Conditions.READY)).isFalse();
    assertThat(s.getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void invalidSpecFailsWithTheReasonAndWaitingStaysPending() {
    VideoJobObservation invalid =
        new VideoJobObservation(
            2L,
            null,
            false,
            null,
            Blocker.invalid("InvalidSpec", "spec.output.location: file:// URIs are for local runs"),
            null,
            Map.of(),
            List.of(),
            T0);
    VideoJobStatus s = VideoJobStatusBuilder.build(invalid);
    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    Condition failed = Conditions.find(s.getConditions(), Conditions.FAILED).orElseThrow();
    assertThat(failed.getStatus()).isEqualTo("True");
    assertThat(failed.getReason()).isEqualTo("InvalidSpec");
    assertThat(failed.getMessage()).contains("file://");
    assertThat(s.getCompletionTime()).isEqualTo(T0.toString());

    VideoJobObservation waiting =
        new VideoJobObservation(
            1L,
            null,
            false,
            ShardPlanner.plan(spec(2, ShardingStrategy.Auto)),
            Blocker.waiting("WaitingForCheckpoint", "TrainingRun tiny has no checkpoint yet"),
            null,
            Map.of(),
            List.of(),
            T0);
    VideoJobStatus w = VideoJobStatusBuilder.build(waiting);
    assertThat(w.getPhase()).isEqualTo(Phase.Pending);
    assertThat(Conditions.find(w.getConditions(), Conditions.PROGRESSING).orElseThrow().getReason())
        .isEqualTo("WaitingForCheckpoint");
    assertThat(w.getCompletionTime()).isNull();
  }

  @Test
  void progressCountsTheFramesOfFinishedShards() {
    Plan plan = ShardPlanner.plan(spec(60, ShardingStrategy.KeyframesThenFill));
    assertThat(plan.stages().size()).isGreaterThanOrEqualTo(3);
    Stage keyframes = plan.stages().get(0);
    Stage fill = plan.stages().get(1);
    Map<String, Job> jobs = new LinkedHashMap<>();
    jobs.put(keyframes.name(), job(keyframes, "0", "", 0, "Complete"));
    jobs.put(fill.name(), job(fill, "0-2", "", 4, null));
    VideoJobStatus s = VideoJobStatusBuilder.build(observe(plan, jobs, List.of(), null, T0));
    assertThat(s.getPhase()).isEqualTo(Phase.Running);
    long expected =
        ((dev.videogen.api.plan.RenderShard) keyframes.shards().get(0)).owned().size()
            + fill.shards().subList(0, 3).stream()
                .mapToLong(sh -> ((dev.videogen.api.plan.RenderShard) sh).owned().size())
                .sum();
    assertThat(s.getProgress().getFramesDone()).isEqualTo(expected);
    assertThat(s.getProgress().getFramesTotal()).isEqualTo(480L);
    assertThat(s.getProgress().getPercent()).isBetween(1, 99);
    assertThat(s.getShards().getSucceeded()).isEqualTo(4);
    assertThat(s.getShards().getRunning()).isEqualTo(4);
    assertThat(s.getStartTime()).isEqualTo(T0.toString());
    assertThat(
            Conditions.find(s.getConditions(), Conditions.PROGRESSING).orElseThrow().getMessage())
        .contains("(" + fill.name() + "): 3/" + fill.shards().size() + " shards done");
  }

  @Test
  void finishedJobReportsTheArtifactFromTheLastShardsResult() {
    Plan plan = ShardPlanner.plan(spec(2, ShardingStrategy.Auto));
    Stage only = plan.stages().get(0);
    String uri = "s3://videos/red/" + plan.resultKey();
    String result =
        TaskJson.write(
            TaskResult.succeeded(
                "render-0",
                List.of(new ProducedArtifact(uri, SHA, 1234, OutputFormat.mp4, 16, 32, 32)),
                new Timings(12.5, 1.0, 10.0, 1.0, 0.5)));
    String done = T0.plusSeconds(75).toString();
    VideoJobStatus s =
        VideoJobStatusBuilder.build(
            observe(
                plan,
                Map.of(only.name(), job(only, "0", "", 0, "Complete")),
                List.of(pod(only.name(), 0, "Succeeded", 0, result, done)),
                null,
                T0.plusSeconds(80)));
    assertThat(s.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(s.getProgress().getPercent()).isEqualTo(100);
    assertThat(s.getArtifacts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getUri()).isEqualTo(uri);
              assertThat(a.getSha256()).isEqualTo(SHA);
              assertThat(a.getFrames()).isEqualTo(16);
            });
    assertThat(Conditions.isTrue(s.getConditions(), Conditions.READY)).isTrue();
    assertThat(Conditions.isTrue(s.getConditions(), Conditions.SUCCEEDED)).isTrue();
    assertThat(Conditions.isTrue(s.getConditions(), Conditions.PROGRESSING)).isFalse();
    assertThat(s.getCompletionTime()).isEqualTo(T0.plusSeconds(80).toString());
    assertThat(s.getDuration()).isEqualTo("1m20s");
  }

  @Test
  void failedShardNamesTheWorkersReasonAndCountsAttempts() {
    Plan plan = ShardPlanner.plan(spec(2, ShardingStrategy.Auto));
    Stage only = plan.stages().get(0);
    String error =
        TaskJson.write(
            TaskResult.failed(
                "render-0",
                new TaskError("CheckpointUnreadable", "s3://models/tiny/step-100: no manifest"),
                new Timings(1, null, null, null, null)));
    List<Pod> pods =
        List.of(
            pod(only.name(), 0, "Failed", 1, "java.lang.OutOfMemoryError", "2026-11-24T10:01:00Z"),
            pod(only.name(), 0, "Failed", 2, error, "2026-11-24T10:02:00Z"));
    VideoJobStatus s =
        VideoJobStatusBuilder.build(
            observe(
                plan,
                Map.of(only.name(), job(only, "", "0", 0, "Failed")),
                pods,
                null,
                T0.plusSeconds(200)));
    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertThat(s.getFailedShards())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getReason()).isEqualTo("CheckpointUnreadable");
              assertThat(f.getAttempts()).isEqualTo(2);
              assertThat(f.getIndex()).isZero();
            });
    assertThat(Conditions.find(s.getConditions(), Conditions.FAILED).orElseThrow().getMessage())
        .contains("FailedIndexes")
        .contains("CheckpointUnreadable");
    assertThat(s.getShards().getFailed()).isEqualTo(1);
  }

  @Test
  void nothingNewMeansNoStatusWriteEvenAsTimePasses() {
    Plan plan = ShardPlanner.plan(spec(60, ShardingStrategy.KeyframesThenFill));
    Stage keyframes = plan.stages().get(0);
    Map<String, Job> jobs = Map.of(keyframes.name(), job(keyframes, "", "", 1, null));
    VideoJobStatus first =
        VideoJobStatusBuilder.build(observe(plan, jobs, List.of(), null, T0.plusSeconds(5)));
    VideoJobStatus later =
        VideoJobStatusBuilder.build(observe(plan, jobs, List.of(), first, T0.plusSeconds(65)));
    assertThat(later.getDuration()).isNotEqualTo(first.getDuration());
    assertThat(Statuses.comparable(later)).isEqualTo(Statuses.comparable(first));
  }

  @Test
  void suspendedJobSaysHowToResume() {
    Plan plan = ShardPlanner.plan(spec(2, ShardingStrategy.Auto));
    Stage only = plan.stages().get(0);
    VideoJobStatus s =
        VideoJobStatusBuilder.build(
            new VideoJobObservation(
                1L,
                null,
                true,
                plan,
                null,
                "s3://m",
                Map.of(only.name(), job(only, "", "", 0, null)),
                List.of(),
                T0));
    assertThat(s.getPhase()).isEqualTo(Phase.Suspended);
    assertThat(Conditions.find(s.getConditions(), Conditions.SUSPENDED).orElseThrow().getMessage())
        .contains("spec.suspend");
  }

  static VideoJob videoJob(VideoJobSpec spec) {
    VideoJob job = new VideoJob();
    job.setMetadata(new ObjectMetaBuilder().withName("red").withNamespace("team-a").build());
    job.setSpec(spec);
    return job;
  }
}
