package dev.videogen.worker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.worker.store.StoreSettings;
import dev.videogen.worker.task.CheckpointCache;
import dev.videogen.worker.task.ConditionalRenderer;
import dev.videogen.worker.task.TaskRunner;
import dev.videogen.worker.train.Checkpoint;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.FrameStrip;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Latent diffusion through the local runner, with real (tiny) training: the autoencoder trains
 * first, the transformer on its cached latents, and every task renders through it, frames given at
 * the start or the end kept exactly.
 */
class LatentModelRunTest {
  @TempDir static Path shared;
  static String training;
  static String checkpoint;

  @TempDir Path dir;
  final StringWriter out = new StringWriter();

  @BeforeAll
  static void train() throws Exception {
    Path file = shared.resolve("train.yaml");
    Files.writeString(
        file,
        """
        apiVersion: videogen.dev/v1alpha1
        kind: TrainingRun
        metadata: {name: latent}
        spec:
          model: {depth: 1, width: 48, heads: 4, patchSize: {t: 1, h: 1, w: 1}}
          autoencoder: {trainingRunRef: {name: vae}}
          dataset: {synthetic: {seed: 3, maxSize: 16}, latentCache: {clips: 4}}
          training: {steps: 3, batchSize: 2, warmupSteps: 1}
          checkpoint: {location: "file://%1$s/latent"}
        ---
        apiVersion: videogen.dev/v1alpha1
        kind: TrainingRun
        metadata: {name: vae}
        spec:
          stage: Autoencoder
          model: {width: 8, latentChannels: 4}
          dataset: {synthetic: {seed: 3, maxSize: 16}}
          training: {steps: 2, batchSize: 2, warmupSteps: 1}
          checkpoint: {location: "file://%1$s/vae"}
        """
            .formatted(shared));
    StringWriter log = new StringWriter();
    assertThat(run(file, log)).as(log.toString()).isZero();
    training = log.toString();
    checkpoint = "file://" + shared.resolve("latent/step-00000003");
  }

  static int run(Path file, StringWriter log) throws Exception {
    StoreSettings stores = StoreSettings.fromEnvironment(Map.of());
    TaskRunner tasks =
        new TaskRunner(
            stores,
            new CheckpointCache(shared.resolve("cache"), stores),
            new ConditionalRenderer(),
            null);
    return new LocalRunner(
            new SyntheticWorldTraining(),
            tasks,
            new ThreadBudget(2),
            stores,
            new PrintWriter(log, true),
            () -> false)
        .run(LocalResources.read(List.of(file)));
  }

  /** Runs the VideoJobs of {@code yaml} (its %1$s: this test's directory, %2$s: the model). */
  int render(String yaml) throws Exception {
    Path file = dir.resolve("jobs.yaml");
    Files.writeString(file, yaml.formatted(dir, checkpoint));
    return run(file, out);
  }

  Clip frame(String job, int t) throws Exception {
    return FrameStrip.read(dir.resolve(job + "/video/%06d.png".formatted(t)), 1, 8);
  }

  JsonNode status(String job) throws Exception {
    return QuickstartRunTest.status(dir.resolve(job + "/status.yaml"));
  }

  @Test
  void theAutoencoderTrainsFirstAndTheTransformerOnItsCachedLatents() throws Exception {
    // The autoencoder trains first although listed second.
    assertThat(training)
        .containsSubsequence("TrainingRun vae: Succeeded", "TrainingRun latent: Succeeded")
        .contains("latents of autoencoder file://" + shared.resolve("vae/step-00000002"))
        .contains("latent cache: 4 clips of");
    assertThat(Checkpoint.state(shared.resolve("latent/step-00000003")).latent().source())
        .isEqualTo("file://" + shared.resolve("vae/step-00000002"));
  }

  /** A VideoJob {@code name}: its spec lines after model and prompt, and its output's. */
  static String job(String name, String prompt, String spec, String output) {
    return """
        ---
        apiVersion: videogen.dev/v1alpha1
        kind: VideoJob
        metadata: {name: %3$s}
        spec:
          model: {checkpoint: "%%2$s"}
          prompt: %4$s
        %5$s  output: {width: 16, height: 16, fps: 8, format: png, location: "file://%%1$s/%3$s", %6$s}
          sampling: {steps: 2}
        """
        .formatted(null, null, name, prompt, spec.indent(2), output);
  }

  static final String CLIP = job("clip", "a red circle moves left", "", "durationSeconds: 1");

  /** Asserts frames {@code at} … of {@code job} are frames 0 … {@code count} of {@code input}. */
  void assertKept(String job, int at, String input, int count) throws Exception {
    for (int t = 0; t < count; t++) {
      assertThat(frame(job, at + t).rgb())
          .as("%s frame %d: frame %d of %s, kept", job, at + t, t, input)
          .containsExactly(frame(input, t).rgb());
    }
  }

  void assertSucceeded(String job, int frames) throws Exception {
    JsonNode status = status(job);
    assertThat(status.at("/status/phase").asText()).as(job + ": " + out).isEqualTo("Succeeded");
    assertThat(status.at("/status/artifacts/0/frames").asInt()).as(job).isEqualTo(frames);
    assertThat(frame(job, frames - 1).width()).isEqualTo(16);
  }

  @Test
  void framesGivenAtTheStartOrTheEndAreKept() throws Exception {
    int exit =
        render(
            CLIP
                + job(
                    "i2v",
                    "a red circle moves left",
                    "task: ImageToVideo\ninputs: {image: \"file://%1$s/clip/video/000003.png\"}\n",
                    "durationSeconds: 1")
                + job(
                    "forward",
                    "a red circle moves left",
                    "task: Extend\nextend: {direction: Forward}\n"
                        + "inputs: {video: \"file://%1$s/clip/video\"}\n",
                    "durationSeconds: 2")
                + job(
                    "backward",
                    "a red circle moves left",
                    "task: Extend\nextend: {direction: Backward}\n"
                        + "inputs: {video: \"file://%1$s/clip/video\"}\n",
                    "durationSeconds: 2"));
    assertThat(exit).as(out.toString()).isZero();
    assertSucceeded("clip", 8);
    // Given at the start (one pass): image to video, extending forward (the input, then 16 new).
    assertSucceeded("i2v", 8);
    assertThat(frame("i2v", 0).rgb()).containsExactly(frame("clip", 3).rgb());
    assertSucceeded("forward", 24);
    assertKept("forward", 0, "clip", 8);
    // Given at the end (two passes): extending backward is 16 new frames, then the input.
    assertSucceeded("backward", 24);
    assertKept("backward", 16, "clip", 8);
  }

  @Test
  void loopsConnectionsEditsImagesAndShardedVideosRender() throws Exception {
    int exit =
        render(
            CLIP
                + job("other", "a blue square moves up", "", "durationSeconds: 1")
                + job(
                    "loop",
                    "a red circle moves left",
                    "task: Extend\nextend: {direction: Forward, loop: true}\n"
                        + "inputs: {video: \"file://%1$s/clip/video\"}\n",
                    "durationSeconds: 1")
                + job(
                    "connect",
                    "a red circle turns into a blue square",
                    "task: Connect\n"
                        + "inputs: {videos: [\"file://%1$s/clip/video\", \"file://%1$s/other/video\"]}\n",
                    "durationSeconds: 1")
                + job(
                    "edit",
                    "a green circle moves left",
                    "task: Edit\nedit: {strength: 0.6}\n"
                        + "inputs: {video: \"file://%1$s/clip/video\"}\n",
                    "durationSeconds: 1")
                + job("still", "a blue square", "task: Image\n", "height: 32")
                + job(
                    "long",
                    "a yellow triangle moves down",
                    "sharding: {strategy: KeyframesThenFill, segmentSeconds: 1, maxParallel: 2}\n",
                    "durationSeconds: 4"));
    assertThat(exit).as(out.toString()).isZero();
    // A loop: the input, then 8 new frames that lead back into its first.
    assertSucceeded("loop", 16);
    assertKept("loop", 0, "clip", 8);
    // A connection: 8 new frames from the end of the first video into the start of the second.
    assertSucceeded("connect", 8);
    // An edit keeps the length and changes the frames (SDEdit from the input's noised latents).
    assertSucceeded("edit", 8);
    assertThat(frame("edit", 0).rgb()).isNotEqualTo(frame("clip", 0).rgb());
    // An image: one frame, at its own size.
    assertThat(status("still").at("/status/phase").asText()).isEqualTo("Succeeded");
    Clip still = FrameStrip.read(dir.resolve("still/image.png"), 1, 8);
    assertThat(List.of(still.width(), still.height())).containsExactly(16, 32);
    // Keyframes, then fills between them (frames given at both ends: two passes), stitched.
    assertThat(status("long").at("/status/plan/strategy").asText()).isEqualTo("KeyframesThenFill");
    assertSucceeded("long", 32);
  }
}
