package dev.videogen.worker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.api.task.RenderTask;
import dev.videogen.worker.store.StoreSettings;
import dev.videogen.worker.task.CheckpointCache;
import dev.videogen.worker.task.ConditionalRenderer;
import dev.videogen.worker.task.ShardFrames;
import dev.videogen.worker.task.ShardRenderer;
import dev.videogen.worker.task.TaskRunner;
import dev.videogen.worker.task.TinyCheckpoint;
import dev.videogen.worker.train.AutoencoderCheckpoint;
import dev.videogen.worker.train.Checkpoint;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.FrameStrip;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local runner's stages, pool, status, stop and resume, with a real checkpoint and store. */
class LocalRunnerTest {
  @TempDir static Path shared;
  static String checkpoint;

  @TempDir Path dir;
  final StringWriter out = new StringWriter();

  @BeforeAll
  static void train() {
    TinyCheckpoint.train(shared.resolve("checkpoints"), 2);
    checkpoint = "file://" + shared.resolve("checkpoints");
  }

  int run(Path file, ShardRenderer renderer, int threads, BooleanSupplier stop) throws Exception {
    StoreSettings stores = StoreSettings.fromEnvironment(java.util.Map.of());
    TaskRunner tasks =
        new TaskRunner(
            stores, new CheckpointCache(shared.resolve("cache"), stores), renderer, null);
    return new LocalRunner(
            new SyntheticWorldTraining(),
            tasks,
            new ThreadBudget(threads),
            stores,
            new PrintWriter(out, true),
            stop)
        .run(LocalResources.read(List.of(file)));
  }

  Path keyframesThenFill() throws Exception {
    Path file = dir.resolve("long.yaml");
    Files.writeString(
        file,
        """
        apiVersion: videogen.dev/v1alpha1
        kind: VideoJob
        metadata: {name: long}
        spec:
          model: {checkpoint: "%s"}
          prompt: a yellow triangle moves down
          output: {width: 16, height: 16, durationSeconds: 6, fps: 8, format: png, location: "file://%s"}
          sampling: {steps: 3}
          sharding: {strategy: KeyframesThenFill, segmentSeconds: 1, maxParallel: 4}
        """
            .formatted(checkpoint, dir.resolve("long")));
    return file;
  }

  @Test
  void keyframesThenFillRunsItsStagesInOrderWithFillsInParallelAndStitches() throws Exception {
    CountDownLatch firstTwoFills = new CountDownLatch(2);
    TimelineRenderer renderer =
        new TimelineRenderer() {
          @Override
          void beforeSteps(RenderTask task) {
            if (task.id().startsWith("fill-")) {
              // The first two fills must be rendering at the same time for both to pass.
              firstTwoFills.countDown();
              try {
                if (!firstTwoFills.await(60, TimeUnit.SECONDS)) {
                  problems.add(task.id() + ": no second fill ran alongside it");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    int exit = run(keyframesThenFill(), renderer, 2, () -> false);

    assertThat(exit).as(out.toString()).isZero();
    assertThat(renderer.problems).isEmpty();
    assertThat(renderer.rendered.get(0)).isEqualTo("keyframes-0");
    assertThat(renderer.mostAtOnce.get()).isEqualTo(2); // maxParallel 4 within 2 threads
    assertThat(out.toString()).contains("stage fill: ").contains("2 at a time, 1 thread(s) each");
    for (int t = 0; t < 48; t++) {
      Clip frame = FrameStrip.read(dir.resolve("long/video/%06d.png".formatted(t)), 1, 8);
      assertThat(Math.round(frame.get(0, 3, 3, 0) * 255))
          .as("frame %d", t)
          .isEqualTo(ShardFrames.colour(t)[0]);
      assertThat(Math.round(frame.get(0, 3, 3, 1) * 255)).isEqualTo(ShardFrames.colour(t)[1]);
    }
    JsonNode status = QuickstartRunTest.status(dir.resolve("long/status.yaml"));
    assertThat(status.at("/status/phase").asText()).isEqualTo("Succeeded");
    assertThat(status.at("/status/plan/strategy").asText()).isEqualTo("KeyframesThenFill");
    int shards = status.at("/status/plan/shards").asInt();
    assertThat(status.at("/status/shards/succeeded").asInt()).isEqualTo(shards);
    assertThat(status.at("/status/progress/framesDone").asInt()).isEqualTo(48);
    assertThat(status.at("/status/artifacts/0/uri").asText()).endsWith("/long/video");
    assertThat(status.at("/status/artifacts/0/frames").asInt()).isEqualTo(48);
  }

  @Test
  void aStopMidStageLeavesNoCompleteOutputAndARerunResumes() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    TimelineRenderer stopping =
        new TimelineRenderer() {
          @Override
          void beforeSteps(RenderTask task) {
            if (task.id().equals("fill-1")) {
              stop.set(true); // as Ctrl-C would, while fill-1 renders
            }
          }
        };
    Path file = keyframesThenFill();
    int exit = run(file, stopping, 1, stop::get);

    assertThat(exit).as(out.toString()).isEqualTo(LocalRunner.EXIT_STOPPED);
    JsonNode status = QuickstartRunTest.status(dir.resolve("long/status.yaml"));
    assertThat(status.at("/status/phase").asText()).isEqualTo("Suspended");
    assertThat(QuickstartRunTest.condition(status, "Suspended")).isEqualTo("True");
    assertThat(dir.resolve("long/shards/keyframes-0/result.json")).isRegularFile();
    assertThat(dir.resolve("long/shards/fill-0/result.json")).isRegularFile();
    assertThat(dir.resolve("long/shards/fill-1/result.json")).doesNotExist();
    assertThat(dir.resolve("long/video")).doesNotExist();

    TimelineRenderer resumed = new TimelineRenderer();
    out.getBuffer().setLength(0);
    assertThat(run(file, resumed, 2, () -> false)).as(out.toString()).isZero();
    assertThat(resumed.rendered).doesNotContain("keyframes-0", "fill-0").contains("fill-1");
    assertThat(out.toString()).contains("keyframes-0: reused").contains("fill-0: reused");
    assertThat(resumed.problems).isEmpty();
    assertThat(
            QuickstartRunTest.status(dir.resolve("long/status.yaml")).at("/status/phase").asText())
        .isEqualTo("Succeeded");
  }

  @Test
  void aStoppedTrainingRunCheckpointsAndResumes() throws Exception {
    Path file = dir.resolve("train.yaml");
    Files.writeString(
        file,
        """
        apiVersion: videogen.dev/v1alpha1
        kind: TrainingRun
        metadata: {name: small}
        spec:
          model: {preset: tiny, depth: 1, width: 48, heads: 4}
          dataset: {synthetic: {seed: 3}}
          training: {steps: 5, batchSize: 2, warmupSteps: 1}
          checkpoint: {location: "file://%s", everySteps: 100}
        """
            .formatted(dir.resolve("ckpt")));
    AtomicInteger steps = new AtomicInteger();
    int exit = run(file, new ConditionalRenderer(), 2, () -> steps.incrementAndGet() >= 2);

    assertThat(exit).as(out.toString()).isEqualTo(LocalRunner.EXIT_STOPPED);
    assertThat(dir.resolve("ckpt/step-00000002/manifest.json")).isRegularFile();
    JsonNode stopped = QuickstartRunTest.status(dir.resolve("ckpt/status.yaml"));
    assertThat(stopped.at("/status/phase").asText()).isEqualTo("Suspended");
    assertThat(stopped.at("/status/step").asInt()).isEqualTo(2);

    out.getBuffer().setLength(0);
    assertThat(run(file, new ConditionalRenderer(), 2, () -> false)).as(out.toString()).isZero();
    assertThat(out.toString()).contains("resuming from step-00000002");
    JsonNode done = QuickstartRunTest.status(dir.resolve("ckpt/status.yaml"));
    assertThat(done.at("/status/phase").asText()).isEqualTo("Succeeded");
    assertThat(done.at("/status/latestCheckpoint/uri").asText())
        .isEqualTo("file://" + dir.resolve("ckpt/step-00000005"));
  }

  @Test
  void resumeFromFineTunesFromStepZeroAsInACluster() throws Exception {
    Path file = dir.resolve("tune.yaml");
    Files.writeString(
        file,
        """
        apiVersion: videogen.dev/v1alpha1
        kind: TrainingRun
        metadata: {name: tuned}
        spec:
          model: {preset: tiny, depth: 1, width: 48, heads: 4}
          dataset: {synthetic: {seed: 4}}
          training: {steps: 2, batchSize: 2, warmupSteps: 1}
          checkpoint: {location: "file://%s"}
          resumeFrom: "file://%s"
        """
            .formatted(dir.resolve("tuned"), shared.resolve("base")));
    TinyCheckpoint.train(shared.resolve("base"), 3);
    assertThat(run(file, new ConditionalRenderer(), 2, () -> false)).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("fine-tuning file://" + shared.resolve("base"))
        .contains("training from step 0 to 2");
    assertThat(Checkpoint.state(dir.resolve("tuned/step-00000002")).step()).isEqualTo(2);
  }

  @Test
  void anAutoencoderTrainsLocallyAndVideoJobsCannotRenderWithIt() throws Exception {
    String run =
        """
        apiVersion: videogen.dev/v1alpha1
        kind: TrainingRun
        metadata: {name: vae}
        spec:
          stage: Autoencoder
          model: {width: 8, latentChannels: 4}
          dataset: {synthetic: {seed: 3, maxSize: 16}}
          training: {steps: 3, batchSize: 2, warmupSteps: 1}
          checkpoint: {location: "file://%s", everySteps: 2}
        """
            .formatted(dir.resolve("vae"));
    String job =
        """
        ---
        apiVersion: videogen.dev/v1alpha1
        kind: VideoJob
        metadata: {name: clip}
        spec:
          model: %s
          prompt: a red circle moves left
          output: {width: 16, height: 16, durationSeconds: 1, fps: 8, format: png, location: "file://%s"}
          sampling: {steps: 2}
        """;
    Path file = dir.resolve("vae.yaml");
    Files.writeString(file, run);
    assertThat(run(file, new ConditionalRenderer(), 2, () -> false)).as(out.toString()).isZero();
    JsonNode trained = QuickstartRunTest.status(dir.resolve("vae/status.yaml"));
    assertThat(trained.at("/status/phase").asText()).isEqualTo("Succeeded");
    Path last = dir.resolve("vae/step-00000003");
    assertThat(trained.at("/status/latestCheckpoint/uri").asText()).isEqualTo("file://" + last);
    assertThat(AutoencoderCheckpoint.state(last).autoencoder()).isEqualTo(new VaeConfig(3, 4, 8));

    // Named by reference: refused before anything runs. By URI: the worker says what it is.
    Files.writeString(
        file, run + job.formatted("{trainingRunRef: {name: vae}}", dir.resolve("clip")));
    assertThatThrownBy(() -> run(file, new ConditionalRenderer(), 2, () -> false))
        .isInstanceOf(LocalResources.InvalidResourcesException.class)
        .hasMessageContaining(
            "TrainingRun \"vae\" trains the video autoencoder (stage Autoencoder)");
    Files.writeString(
        file, job.formatted("{checkpoint: \"file://" + last + "\"}", dir.resolve("clip")));
    out.getBuffer().setLength(0);
    assertThat(run(file, new ConditionalRenderer(), 2, () -> false)).isNotZero();
    assertThat(out.toString())
        .contains("it is a checkpoint of stage Autoencoder, not a diffusion model");
  }

  @Test
  void theLongQuickstartRendersEveryStageWithTheRealModel() throws Exception {
    String yaml =
        QuickstartRunTest.shortened(
                Files.readString(Path.of("../examples/quickstart-long.yaml")), dir)
            .replace("depth: 4", "depth: 1");
    Path file = dir.resolve("quickstart-long.yaml");
    Files.writeString(file, yaml);

    int exit = run(file, new ConditionalRenderer(), 2, () -> false);
    assertThat(exit).as(out.toString()).isZero();
    JsonNode status = QuickstartRunTest.status(dir.resolve("long/status.yaml"));
    assertThat(status.at("/status/phase").asText()).isEqualTo("Succeeded");
    assertThat(status.at("/status/plan/strategy").asText()).isEqualTo("KeyframesThenFill");
    assertThat(status.at("/status/plan/frames").asLong()).isEqualTo(240);
    Path video = dir.resolve("long/video.mp4");
    assertThat(status.at("/status/artifacts/0/sha256").asText())
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(video))));
    assertThat(dev.videogen.worker.video.MediaInfo.probe(video).frames()).isEqualTo(240);
  }
}
