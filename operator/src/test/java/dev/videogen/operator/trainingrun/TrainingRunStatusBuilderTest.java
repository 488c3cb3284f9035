package dev.videogen.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.api.task.CheckpointReference;
import dev.videogen.api.task.TaskJson;
import dev.videogen.api.task.TrainingProgress;
import dev.videogen.api.v1alpha1.TrainingRunStatus;
import dev.videogen.api.v1alpha1.status.Phase;
import dev.videogen.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingRunStatusBuilderTest {
  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  static final String LOCATION = "pvc://models/tiny";

  static Job job(boolean suspended, String condition) {
    JobBuilder b =
        new JobBuilder()
            .withMetadata(new ObjectMetaBuilder().withName("tiny-train").build())
            .withNewSpec()
            .withSuspend(suspended)
            .endSpec()
            .withNewStatus()
            .withStartTime(T0.toString())
            .endStatus();
    if (condition != null) {
      b.editStatus()
          .addNewCondition()
          .withType(condition)
          .withStatus("True")
          .withReason("BackoffLimitExceeded")
          .withMessage("Job has reached the specified backoff limit")
          .endCondition()
          .endStatus();
    }
    return b.build();
  }

  static TrainingProgress progress(long step, double loss, Long checkpointStep) {
    return new TrainingProgress(
        step,
        1000,
        loss,
        12.5,
        checkpointStep == null ? null : new CheckpointReference(null, checkpointStep),
        T0.plusSeconds(step).toString());
  }

  static TrainingRunObservation observe(
      TrainingRunStatus previous, Job job, boolean running, TrainingProgress p) {
    return new TrainingRunObservation(
        1L, previous, 1000, LOCATION, false, job, running, p, null, null, null, T0.plusSeconds(60));
  }

  @Test
  void runningPodReportsStepLossAndCheckpoints() {
    TrainingRunStatus s =
        TrainingRunStatusBuilder.build(
            observe(null, job(false, null), true, progress(250, 0.1234567, 250L)));
    assertThat(s.getPhase()).isEqualTo(Phase.Running);
    assertThat(s.getStep()).isEqualTo(250L);
    assertThat(s.getTotalSteps()).isEqualTo(1000L);
    assertThat(s.getLoss()).isEqualTo(0.123457);
    assertThat(s.getSamplesPerSecond()).isEqualTo(12.5);
    assertThat(s.getLatestCheckpoint().getStep()).isEqualTo(250L);
    // The annotation may leave the URI out; it is derived from the location and the step.
    assertThat(s.getLatestCheckpoint().getUri()).isEqualTo(LOCATION + "/step-00000250");
    assertThat(
            Conditions.find(s.getConditions(), Conditions.PROGRESSING).orElseThrow().getMessage())
        .isEqualTo("step 250/1000");
  }

  @Test
  void progressOnlyMovesForwardAndTheCheckpointListIsBounded() {
    TrainingRunStatus s = null;
    for (long step = 100; step <= 1500; step += 100) {
      s =
          TrainingRunStatusBuilder.build(
              observe(s, job(false, null), true, progress(step, 0.1, step)));
    }
    assertThat(s.getCheckpoints()).hasSize(TrainingRunStatus.MAX_CHECKPOINTS);
    assertThat(s.getCheckpoints().get(0).getStep()).isEqualTo(1500L);
    assertThat(s.getCheckpoints())
        .extracting(c -> c.getStep())
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    // A replacement pod that resumed from step 1500 and has not reported yet: nothing moves back.
    TrainingRunStatus replaced =
        TrainingRunStatusBuilder.build(observe(s, job(false, null), false, null));
    assertThat(replaced.getStep()).isEqualTo(1500L);
    assertThat(replaced.getPhase()).isEqualTo(Phase.Pending);
    TrainingRunStatus stale =
        TrainingRunStatusBuilder.build(
            observe(s, job(false, null), true, progress(900, 0.5, 900L)));
    assertThat(stale.getStep()).isEqualTo(1500L);
  }

  @Test
  void suspendedRunSaysWhereItWillResume() {
    TrainingRunStatus running =
        TrainingRunStatusBuilder.build(
            observe(null, job(false, null), true, progress(500, 0.1, 500L)));
    TrainingRunStatus s =
        TrainingRunStatusBuilder.build(
            new TrainingRunObservation(
                1L,
                running,
                1000,
                LOCATION,
                true,
                job(true, null),
                false,
                null,
                null,
                null,
                null,
                T0));
    assertThat(s.getPhase()).isEqualTo(Phase.Suspended);
    assertThat(Conditions.find(s.getConditions(), Conditions.SUSPENDED).orElseThrow().getMessage())
        .contains("resume from step 500");
  }

  @Test
  void aRunWaitingForItsAutoencoderIsPendingAndSaysWhy() {
    TrainingRunStatus s =
        TrainingRunStatusBuilder.build(
            new TrainingRunObservation(
                1L,
                null,
                1000,
                LOCATION,
                false,
                null,
                false,
                null,
                null,
                null,
                "TrainingRun vae (the autoencoder) is Running; training starts on its final"
                    + " checkpoint once it has succeeded",
                T0));
    assertThat(s.getPhase()).isEqualTo(Phase.Pending);
    var ready = Conditions.find(s.getConditions(), Conditions.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo(AutoencoderCheckpoints.WAITING);
    assertThat(ready.getMessage()).startsWith("TrainingRun vae (the autoencoder) is Running");
  }

  @Test
  void failedJobCarriesTheWorkersError() {
    var result =
        TaskJson.readResult(
            "{\"apiVersion\":\"videogen.dev/task/v1\",\"kind\":\"Result\",\"task\":\"tiny\","
                + "\"outcome\":\"Failed\",\"error\":{\"reason\":\"InvalidTask\","
                + "\"message\":\"dataset.uri: no captions.jsonl\"}}");
    TrainingRunStatus s =
        TrainingRunStatusBuilder.build(
            new TrainingRunObservation(
                1L,
                null,
                1000,
                LOCATION,
                false,
                job(false, "Failed"),
                false,
                null,
                result,
                null,
                null,
                T0));
    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertThat(Conditions.find(s.getConditions(), Conditions.FAILED).orElseThrow().getMessage())
        .contains("backoff limit")
        .contains("InvalidTask")
        .contains("no captions.jsonl");
    assertThat(s.getCompletionTime()).isEqualTo(T0.toString());
  }

  @Test
  void newestProgressComesFromTheFurthestPod() {
    Pod old = podWith(TaskJson.write(progress(300, 0.2, 250L)));
    Pod replacement = podWith(TaskJson.write(progress(320, 0.19, 250L)));
    Pod garbage = podWith("{not json");
    assertThat(TrainingRunReconciler.newestProgress(List.of(garbage, old, replacement)).step())
        .isEqualTo(320);
  }

  private static Pod podWith(String annotation) {
    return new PodBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .addToAnnotations(TrainingProgress.ANNOTATION, annotation)
                .build())
        .build();
  }
}
