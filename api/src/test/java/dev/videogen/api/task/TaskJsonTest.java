package dev.videogen.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.api.plan.ConditioningMode;
import dev.videogen.api.plan.FrameAnchor;
import dev.videogen.api.plan.FrameRange;
import dev.videogen.api.v1alpha1.TrainingRunSpec;
import dev.videogen.api.v1alpha1.spec.CheckpointSpec;
import dev.videogen.api.v1alpha1.spec.DatasetSpec;
import dev.videogen.api.v1alpha1.spec.OutputFormat;
import dev.videogen.api.v1alpha1.spec.SyntheticDataset;
import dev.videogen.api.v1alpha1.spec.TrainingSpec;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskJsonTest {
  static final RenderSettings SETTINGS =
      new RenderSettings(
          "a red circle moves left",
          "blur",
          "s3://models/tiny/step-1000",
          64,
          48,
          8,
          30,
          7.0,
          null,
          false);

  static final RenderTask FILL =
      new RenderTask(
          "fill-3",
          VideoTask.Connect,
          null,
          42,
          31,
          List.of(FrameRange.of(89, 120)),
          List.of(
              new ConditioningFrames(
                  "s3://out/shards/keyframes-0",
                  FrameRange.of(3, 4),
                  FrameAnchor.Start,
                  FrameRange.of(0, 1),
                  ConditioningMode.Clean),
              new ConditioningFrames(
                  "s3://in/clip.mp4",
                  FrameRange.of(-4, 0),
                  FrameAnchor.End,
                  FrameRange.of(27, 31),
                  ConditioningMode.Clean)),
          new TaskOutput("s3://out/shards/fill-3", OutputFormat.png));

  static final StitchTask STITCH =
      new StitchTask(
          "stitch-0",
          8,
          List.of(
              new StitchInput("s3://in/clip.mp4", null),
              new StitchInput("s3://out/shards/fill-3", FrameRange.of(1, 30))),
          new TaskOutput("s3://out/video.mp4", OutputFormat.mp4));

  @Test
  void tasksStagesAndResultsRoundTrip() {
    RenderTask standalone = FILL.withDefaultSettings(SETTINGS);
    assertThat(TaskJson.readTask(TaskJson.write(standalone))).isEqualTo(standalone);
    assertThat(TaskJson.readTask(TaskJson.write(STITCH))).isEqualTo(STITCH);

    StageDocument stage = new StageDocument("fill", SETTINGS, List.of(FILL, STITCH));
    String json = TaskJson.write(stage);
    assertThat(TaskJson.readStage(json)).isEqualTo(stage);
    // The settings are written once, at stage level, and each pod gets them with its task.
    assertThat(json.split("\"prompt\"", -1)).hasSize(2);
    assertThat(TaskJson.readTask(json, 0)).isEqualTo(standalone);
    assertThat(TaskJson.readTask(json, 1)).isEqualTo(STITCH);
    assertThatThrownBy(() -> TaskJson.readTask(json, 2))
        .hasMessage("stage fill has tasks 0 to 1, no task for completion index 2");

    TaskResult ok =
        TaskResult.succeeded(
            "fill-3",
            List.of(
                new ProducedArtifact(
                    "s3://out/shards/fill-3",
                    "ab".repeat(32),
                    123456,
                    OutputFormat.png,
                    31,
                    64,
                    48)),
            new Timings(12.5, 2.0, 9.5, 0.5, 0.5));
    assertThat(TaskJson.readResult(TaskJson.write(ok))).isEqualTo(ok);
    TaskResult failed =
        TaskResult.failed("fill-3", new TaskError("InputNotFound", "no such key"), null);
    assertThat(TaskJson.readResult(TaskJson.write(failed))).isEqualTo(failed);
  }

  @Test
  void theTrainPlaceholderRoundTrips() throws Exception {
    TrainingRunSpec spec = new TrainingRunSpec();
    DatasetSpec dataset = new DatasetSpec();
    dataset.setSynthetic(new SyntheticDataset());
    spec.setDataset(dataset);
    TrainingSpec training = new TrainingSpec();
    training.setSteps(100L);
    spec.setTraining(training);
    CheckpointSpec checkpoint = new CheckpointSpec();
    checkpoint.setLocation("pvc://models/tiny");
    spec.setCheckpoint(checkpoint);
    TrainTask task = TrainTask.of("train-0", spec, null);
    String json = TaskJson.write(task);
    ObjectMapper mapper = new ObjectMapper();
    // The CRD classes have no equals: compare what they write.
    assertThat(mapper.readTree(TaskJson.write(TaskJson.readTask(json))))
        .isEqualTo(mapper.readTree(json));
    assertThat(mapper.readTree(json).path("kind").asText()).isEqualTo("Train");
  }

  @Test
  void readingIsStrictAndSaysWhatIsWrong() {
    String good = TaskJson.write(FILL.withDefaultSettings(SETTINGS));
    assertThatThrownBy(() -> TaskJson.readTask(good.replace("task/v1", "task/v2")))
        .isInstanceOf(TaskFormatException.class)
        .hasMessage(
            "apiVersion \"videogen.dev/task/v2\" is not supported: this build reads"
                + " videogen.dev/task/v1 (use operator and worker images of the same release)");
    assertThatThrownBy(() -> TaskJson.readTask("{\"kind\":\"Render\"}"))
        .hasMessage("apiVersion is missing; expected videogen.dev/task/v1");
    assertThatThrownBy(() -> TaskJson.readTask(good.replace("\"Render\"", "\"Paint\"")))
        .hasMessage("task: kind \"Paint\" is not a task kind; expected Render, Stitch or Train");
    assertThatThrownBy(
            () ->
                TaskJson.readTask(good.replace("\"mode\":\"Clean\"", "\"mode\":\"Clean\",\"x\":1")))
        .hasMessage("task.conditioning[0]: unknown field \"x\"");
    assertThatThrownBy(() -> TaskJson.readTask(good.replace("\"frames\":31", "\"frames\":\"31\"")))
        .hasMessageStartingWith("task.frames: ");
    assertThatThrownBy(() -> TaskJson.readTask(good.replace("\"seed\":42,", "")))
        .hasMessageContaining("seed");
    assertThatThrownBy(() -> TaskJson.readTask(good.replace("\"frames\":31", "\"frames\":30")))
        .hasMessage("task: positions hold 31 frames but frames is 30");
    assertThatThrownBy(() -> TaskJson.readTask(good.replace("\"png\"", "\"avi\"")))
        .hasMessageStartingWith("task.output.format: ");
    assertThatThrownBy(
            () ->
                TaskJson.readTask(good.replace("{\"apiVersion\"", "{\"id\":\"x\",\"apiVersion\"")))
        .hasMessageContaining("Duplicate field 'id'");
    assertThatThrownBy(() -> TaskJson.readTask(good + "{}"))
        .isInstanceOf(TaskFormatException.class);
    assertThatThrownBy(() -> TaskJson.readResult(good))
        .hasMessage("kind is Render; expected Result");
    String withoutSettings = TaskJson.write(FILL);
    assertThatThrownBy(() -> TaskJson.readTask(withoutSettings, 0))
        .hasMessage("task fill-3: settings is required");
  }

  @Test
  void theWorstCaseResultFitsTheTerminationMessage() {
    String longUri = "s3://bucket/" + "k".repeat(1024 - "s3://bucket/".length());
    List<ProducedArtifact> artifacts =
        Collections.nCopies(
            TaskResult.MAX_ARTIFACTS,
            new ProducedArtifact(
                longUri,
                "f".repeat(64),
                Long.MAX_VALUE,
                OutputFormat.webm,
                Integer.MAX_VALUE,
                Integer.MAX_VALUE,
                Integer.MAX_VALUE));
    Timings timings =
        new Timings(Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -0.0);
    String id = "fill-63-" + "9".repeat(55);
    TaskResult ok = TaskResult.succeeded(id, artifacts, timings);
    String json = TaskJson.write(ok);
    assertThat(json.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TaskJson.TERMINATION_MESSAGE_LIMIT);
    assertThat(TaskJson.readResult(json)).isEqualTo(ok);

    // A long error message, with characters JSON escapes and characters of several bytes, is cut.
    String message = "\"quoted\"\n\u0001 Fehler: Größe 図 🎞 ".repeat(400);
    TaskResult failed =
        new TaskResult(
            id, TaskOutcome.Failed, artifacts, timings, new TaskError("Internal", message));
    String cut = TaskJson.write(failed);
    assertThat(cut.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TaskJson.TERMINATION_MESSAGE_LIMIT)
        .isGreaterThan(TaskJson.TERMINATION_MESSAGE_LIMIT - 16);
    TaskResult read = TaskJson.readResult(cut);
    assertThat(read.error().reason()).isEqualTo("Internal");
    assertThat(read.error().message()).endsWith("...");
    assertThat(message)
        .startsWith(read.error().message().substring(0, read.error().message().length() - 3));
    assertThat(read.artifacts()).isEqualTo(artifacts);

    assertThatThrownBy(
            () ->
                TaskResult.succeeded(
                    id, Collections.nCopies(TaskResult.MAX_ARTIFACTS + 1, artifacts.get(0)), null))
        .hasMessageContaining("at most 3 artifacts");
  }

  @Test
  void aStageDocumentTooLargeForAConfigMapIsRefused() {
    List<TaskDocument> tasks = Collections.nCopies(4000, FILL);
    assertThatThrownBy(() -> TaskJson.write(new StageDocument("fill", SETTINGS, tasks)))
        .hasMessageContaining("a ConfigMap can hold: raise sharding.segmentSeconds");
  }
}
