package dev.videogen.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.api.plan.ConditioningMode;
import dev.videogen.api.plan.FrameAnchor;
import dev.videogen.api.plan.FrameRange;
import dev.videogen.api.v1alpha1.TrainingRunSpec;
import dev.videogen.api.v1alpha1.spec.CheckpointSpec;
import dev.videogen.api.v1alpha1.spec.DatasetSpec;
import dev.videogen.api.v1alpha1.spec.LatentCacheSpec;
import dev.videogen.api.v1alpha1.spec.ModelPreset;
import dev.videogen.api.v1alpha1.spec.ModelSpec;
import dev.videogen.api.v1alpha1.spec.OutputFormat;
import dev.videogen.api.v1alpha1.spec.PatchSize;
import dev.videogen.api.v1alpha1.spec.SyntheticDataset;
import dev.videogen.api.v1alpha1.spec.TrainingSpec;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
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

  static final TrainTask TRAIN =
      new TrainTask(
          "tiny-run",
          new TrainModel(ModelPreset.small, 4, 128, 4, new TrainModel.Patch(2, null, 4), 2, null),
          TrainingStage.Diffusion,
          null,
          TrainDataset.clips("s3://data/clips", 64, 12),
          new TrainingSettings(2000, 16, 1e-4, 50L, 0.05, 0.99, 0.5, 7L),
          new CheckpointSettings("pvc://models/tiny-run", 100L, 2),
          "s3://models/base/step-00010000");

  @Test
  void trainTasksRoundTrip() {
    assertThat(TaskJson.readTask(TaskJson.write(TRAIN))).isEqualTo(TRAIN);
    assertThat(TaskJson.readTask(TaskJson.write(TRAIN), 3)).isEqualTo(TRAIN);

    TrainTask minimal =
        new TrainTask(
            "min",
            null,
            null,
            null,
            TrainDataset.synthetic(null, null, null),
            TrainingSettings.steps(10),
            new CheckpointSettings("file:///tmp/run", null, null),
            null);
    String json = TaskJson.write(minimal);
    assertThat(json)
        .isEqualTo(
            "{\"apiVersion\":\"videogen.dev/task/v1\",\"kind\":\"Train\",\"id\":\"min\","
                + "\"stage\":\"Diffusion\",\"dataset\":{\"synthetic\":{}},\"training\":{\"steps\":10},"
                + "\"checkpoint\":{\"location\":\"file:///tmp/run\"}}");
    assertThat(TaskJson.readTask(json)).isEqualTo(minimal);
  }

  @Test
  void aTrainingRunSpecBecomesItsTask() {
    TrainingRunSpec spec = new TrainingRunSpec();
    DatasetSpec dataset = new DatasetSpec();
    SyntheticDataset synthetic = new SyntheticDataset();
    synthetic.setSeed(3L);
    synthetic.setFps(6);
    dataset.setSynthetic(synthetic);
    spec.setDataset(dataset);
    TrainingSpec training = new TrainingSpec();
    training.setSteps(100L);
    training.setBatchSize(4);
    spec.setTraining(training);
    CheckpointSpec checkpoint = new CheckpointSpec();
    checkpoint.setLocation("pvc://models/tiny");
    checkpoint.setKeep(5);
    spec.setCheckpoint(checkpoint);
    ModelSpec model = new ModelSpec();
    model.setDepth(3);
    PatchSize patch = new PatchSize();
    patch.setT(1);
    model.setPatchSize(patch);
    spec.setModel(model);
    spec.setResumeFrom("s3://models/base/step-00000500");

    TrainTask task = TrainTask.of("train-0", spec, null);
    assertThat(task)
        .isEqualTo(
            new TrainTask(
                "train-0",
                new TrainModel(
                    ModelPreset.tiny,
                    3,
                    null,
                    null,
                    new TrainModel.Patch(1, null, null),
                    null,
                    null),
                TrainingStage.Diffusion,
                null,
                TrainDataset.synthetic(3L, null, 6),
                new TrainingSettings(100, 4, null, null, null, null, null, null),
                new CheckpointSettings("pvc://models/tiny", null, 5),
                "s3://models/base/step-00000500"));
    assertThat(task.model().toSpec().getPatchSize().getT()).isEqualTo(1);
    assertThat(task.model().toSpec().getDepth()).isEqualTo(3);
  }

  @Test
  void aLatentCacheTravelsWithItsAutoencoder() {
    TrainingRunSpec spec = new TrainingRunSpec();
    DatasetSpec dataset = new DatasetSpec();
    dataset.setSynthetic(new SyntheticDataset());
    dataset.setLatentCache(new LatentCacheSpec(4096));
    spec.setDataset(dataset);
    TrainingSpec training = new TrainingSpec();
    training.setSteps(100L);
    spec.setTraining(training);
    CheckpointSpec checkpoint = new CheckpointSpec();
    checkpoint.setLocation("pvc://models/latent");
    spec.setCheckpoint(checkpoint);

    TrainTask task = TrainTask.of("latent", spec, "s3://models/vae/step-00001000");
    assertThat(task.dataset().latentCache()).isEqualTo(new TrainDataset.LatentCache(4096));
    String json = TaskJson.write(task);
    assertThat(json).contains("\"latentCache\":{\"clips\":4096}");
    assertThat(TaskJson.readTask(json)).isEqualTo(task);

    assertThatThrownBy(() -> TrainTask.of("pixels", spec, null))
        .hasMessageContaining("dataset.latentCache")
        .hasMessageContaining("needs autoencoderCheckpoint");
    assertThatThrownBy(() -> TaskJson.readTask(json.replace("4096", "0")))
        .hasMessageContaining("dataset.latentCache.clips");
  }

  @Test
  void trainTasksAreReadStrictly() {
    String json = TaskJson.write(TRAIN);
    assertThatThrownBy(() -> TaskJson.readTask(json.replace("\"keep\":2", "\"keep\":2,\"kept\":1")))
        .hasMessage("task.checkpoint: unknown field \"kept\"");
    assertThatThrownBy(
            () -> TaskJson.readTask(json.replace("\"steps\":2000", "\"steps\":\"2000\"")))
        .hasMessageStartingWith("task.training.steps: ");
    assertThatThrownBy(() -> TaskJson.readTask(json.replace("\"steps\":2000,", "")))
        .hasMessageContaining("steps");
    assertThatThrownBy(
            () ->
                TaskJson.readTask(
                    json.replace(
                        "\"uri\":\"s3://data/clips\"",
                        "\"uri\":\"s3://data/clips\",\"synthetic\":{}")))
        .hasMessageContaining(
            "dataset: set exactly one of synthetic (the built-in world) or uri (your clips)");
    assertThatThrownBy(() -> TaskJson.readTask(json.replace("\"width\":128", "\"width\":130")))
        .hasMessageContaining("model.width 130 must be divisible by model.heads 4");
    assertThatThrownBy(() -> TaskJson.readTask(json.replace("\"keep\":2", "\"keep\":0")))
        .hasMessageContaining("checkpoint.keep must be in [1, 1000], got 0");
    assertThatThrownBy(
            () -> TaskJson.readTask(json.replace("\"learningRate\":1.0E-4", "\"learningRate\":0")))
        .hasMessageContaining("training.learningRate must be in (0, 1], got 0.0");
    assertThatThrownBy(
            () -> TaskJson.readTask(json.replace("\"stage\":\"Diffusion\"", "\"stage\":\"Vae\"")))
        .hasMessageStartingWith("task.stage: ");
    // The transformer's sizes mean nothing to the autoencoder, and latent channels nothing to it.
    assertThatThrownBy(
            () ->
                TaskJson.readTask(
                    json.replace("\"stage\":\"Diffusion\"", "\"stage\":\"Autoencoder\"")))
        .hasMessageContaining("stage Autoencoder takes model.preset, model.width and");
    assertThatThrownBy(
            () ->
                TaskJson.readTask(
                    json.replace("\"width\":128", "\"width\":128,\"latentChannels\":16")))
        .hasMessageContaining("model.latentChannels applies only to stage Autoencoder");
    assertThatThrownBy(
            () ->
                TaskJson.readTask(json.replace("pvc://models/tiny-run", "http://models/tiny-run")))
        .hasMessageContaining("checkpoint.location must be an s3://, pvc:// or file:// URI");
  }

  @Test
  void progressFitsAnAnnotationAndRoundTrips() {
    TrainingProgress progress =
        new TrainingProgress(
            1200,
            5000,
            0.4321,
            18.5,
            new CheckpointReference("s3://models/tiny-run/step-00001200", 1200),
            "2025-05-01T12:00:00Z");
    String json = TaskJson.write(progress);
    assertThat(json)
        .isEqualTo(
            "{\"step\":1200,\"totalSteps\":5000,\"loss\":0.4321,\"samplesPerSecond\":18.5,"
                + "\"checkpoint\":{\"uri\":\"s3://models/tiny-run/step-00001200\",\"step\":1200},"
                + "\"time\":\"2025-05-01T12:00:00Z\"}");
    assertThat(TaskJson.readProgress(json)).isEqualTo(progress);

    // The longest location (1024 characters) would not fit: the URI is left out, the step stays.
    String location = "s3://bucket/" + "k".repeat(1024 - "s3://bucket/".length() - 14);
    TrainingProgress longest =
        new TrainingProgress(
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.MAX_VALUE,
            new CheckpointReference(CheckpointReference.uri(location, 99_999_999), 99_999_999),
            "2025-05-01T12:00:00.123456789Z");
    assertThat(longest.checkpoint().uri()).hasSize(1024).endsWith("/step-99999999");
    String cut = TaskJson.write(longest);
    assertThat(cut.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TrainingProgress.MAX_BYTES);
    assertThat(TaskJson.readProgress(cut)).isEqualTo(longest.withoutCheckpointUri());

    assertThat(new TrainingProgress(0, 10, Double.NaN, null, null, "t").loss()).isNull();
    assertThatThrownBy(
            () -> TaskJson.readProgress("{\"step\":1,\"totalSteps\":2,\"time\":\"t\",\"x\":1}"))
        .hasMessage("progress: unknown field \"x\"");
    assertThatThrownBy(() -> TaskJson.readProgress("[1]"))
        .hasMessage("progress: expected a JSON object");
  }

  @Test
  void aTrainResultCarriesItsProgress() {
    TrainingProgress at =
        new TrainingProgress(
            5000,
            5000,
            0.1,
            20.0,
            new CheckpointReference("pvc://models/run/step-00005000", 5000),
            "2025-05-01T13:00:00Z");
    TaskResult ok = TaskResult.trained("run", at, new Timings(3600, 2.0, null, null, null));
    String json = TaskJson.write(ok);
    assertThat(TaskJson.readResult(json)).isEqualTo(ok);
    assertThat(json).contains("\"training\":{\"step\":5000,");

    TaskResult stopped =
        TaskResult.failed(
            "run",
            new TaskError("Stopped", "x".repeat(5000)),
            new Timings(10, null, null, null, null),
            at);
    TaskResult read = TaskJson.readResult(TaskJson.write(stopped));
    assertThat(read.training()).isEqualTo(at);
    assertThat(read.error().message()).endsWith("...");
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
