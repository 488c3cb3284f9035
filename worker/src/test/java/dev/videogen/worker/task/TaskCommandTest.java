package dev.videogen.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.videogen.api.plan.Plan;
import dev.videogen.api.plan.RenderShard;
import dev.videogen.api.plan.Shard;
import dev.videogen.api.plan.ShardPlanner;
import dev.videogen.api.task.ProducedArtifact;
import dev.videogen.api.task.TaskDocuments;
import dev.videogen.api.task.TaskJson;
import dev.videogen.api.task.TaskOutcome;
import dev.videogen.api.task.TaskResult;
import dev.videogen.api.v1alpha1.VideoJobSpec;
import dev.videogen.api.v1alpha1.spec.ShardingStrategy;
import dev.videogen.worker.WorkerCli;
import dev.videogen.worker.store.ArtifactStore;
import dev.videogen.worker.store.ArtifactStores;
import dev.videogen.worker.store.CompletionMarker;
import dev.videogen.worker.store.S3TestServer;
import dev.videogen.worker.store.StoreSettings;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.FrameStrip;
import dev.videogen.worker.video.MediaInfo;
import dev.videogen.worker.video.VideoDecoder;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code worker task} as a pod runs it: stage documents made by the planner and TaskDocuments from
 * a real spec, a real checkpoint, file:// and s3:// stores, the result read back from the
 * termination message file.
 */
class TaskCommandTest {
  @TempDir static Path shared;
  static Path checkpoint;
  static String checkpointUri;
  static S3TestServer s3;
  static S3Client raw;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    checkpoint = TinyCheckpoint.train(shared.resolve("checkpoints"), 2);
    checkpointUri = "file://" + shared.resolve("checkpoints");
    s3 = S3TestServer.start();
    raw = s3.client();
  }

  @AfterAll
  static void tearDown() {
    raw.close();
    s3.close();
  }

  record Run(int exitCode, String out, String err, TaskResult result) {}

  Run task(Path document, StoreSettings stores, String... env) throws Exception {
    Path log = dir.resolve("termination-log");
    Files.deleteIfExists(log);
    Map<String, String> environment = new HashMap<>();
    environment.put("VIDEOGEN_TERMINATION_LOG", log.toString());
    environment.put("VIDEOGEN_CACHE", shared.resolve("cache").toString());
    for (int i = 0; i < env.length; i += 2) {
      environment.put(env[i], env[i + 1]);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        WorkerCli.run(
            new String[] {"task", document.toString()},
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            environment,
            stores);
    assertThat(log).as("termination message written; stderr: %s", err).isRegularFile();
    String message = Files.readString(log);
    assertThat(message.getBytes().length).isLessThanOrEqualTo(TaskJson.TERMINATION_MESSAGE_LIMIT);
    return new Run(code, out.toString(), err.toString(), TaskJson.readResult(message));
  }

  static VideoJobSpec spec(String yaml) throws Exception {
    return new YAMLMapper().readValue(yaml, VideoJobSpec.class);
  }

  Path stageDocument(VideoJobSpec spec, Plan plan, int stage, String checkpointUri)
      throws Exception {
    Path file = dir.resolve("stage-" + stage + ".json");
    Map<String, String> uris = TaskDocuments.plannedUris(plan, spec.getOutput().getLocation());
    Files.writeString(
        file, TaskJson.write(TaskDocuments.forStage(spec, plan, stage, checkpointUri, uris)));
    return file;
  }

  static String singleSpec(String checkpoint, String location, String format) {
    return """
        model: {checkpoint: %s}
        prompt: a red circle moves left
        output: {width: 32, height: 32, durationSeconds: 1, fps: 8, format: %s, location: %s}
        sampling: {steps: 2, guidanceScale: 3, seed: 5}
        """
        .formatted(checkpoint, format, location);
  }

  StoreSettings s3Stores() {
    return new StoreSettings(dir.resolve("pvc"), s3.settings());
  }

  @Test
  void singlePlanRendersAnMp4AndAReRunReusesIt() throws Exception {
    String location = "file://" + dir.resolve("out/red");
    VideoJobSpec spec = spec(singleSpec(checkpointUri, location, "mp4"));
    Plan plan = ShardPlanner.plan(spec);
    assertThat(plan.strategy()).isEqualTo(ShardingStrategy.Single);
    Path document = stageDocument(spec, plan, 0, checkpointUri);

    Run first = task(document, null, "JOB_COMPLETION_INDEX", "0");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.result().outcome()).isEqualTo(TaskOutcome.Succeeded);
    assertThat(first.out()).contains("render-0").contains("done in");
    ProducedArtifact video = first.result().artifacts().get(0);
    Path mp4 = dir.resolve("out/red/video.mp4");
    assertThat(video.uri()).isEqualTo(location + "/video.mp4");
    assertThat(video.sha256()).isEqualTo(Sha256Hex.of(Files.readAllBytes(mp4)));
    assertThat(video.bytes()).isEqualTo(Files.size(mp4));
    MediaInfo media = MediaInfo.probe(mp4);
    assertThat(media.codec()).isEqualTo("h264");
    assertThat(video.frames()).isEqualTo(media.frames()).isEqualTo(8);
    assertThat(video.width()).isEqualTo(32);
    assertThat(video.height()).isEqualTo(32);
    assertThat(first.result().timings().renderSeconds()).isPositive();
    assertThat(dir.resolve("out/red/video.mp4.result.json")).isRegularFile();

    long modified = Files.getLastModifiedTime(mp4).toMillis();
    Run again = task(document, null, "JOB_COMPLETION_INDEX", "0");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("reused");
    assertThat(again.result().artifacts()).containsExactly(video);
    assertThat(again.result().timings().renderSeconds()).isNull();
    assertThat(Files.getLastModifiedTime(mp4).toMillis()).isEqualTo(modified);

    // Another seed is another task: rendered anew, not reused.
    VideoJobSpec reseeded = spec(singleSpec(checkpointUri, location, "mp4").replace("5}", "6}"));
    Run other = task(stageDocument(reseeded, ShardPlanner.plan(reseeded), 0, checkpointUri), null);
    assertThat(other.exitCode()).as(other.err()).isZero();
    assertThat(other.out()).doesNotContain("reused");
    assertThat(other.result().artifacts().get(0).sha256())
        .isEqualTo(Sha256Hex.of(Files.readAllBytes(mp4)));
  }

  @Test
  void singlePlanReadsTheCheckpointFromS3AndWritesTheVideoThere() throws Exception {
    raw.createBucket(b -> b.bucket("models"));
    raw.createBucket(b -> b.bucket("videos"));
    try (ArtifactStore models = ArtifactStores.open("s3://models/tiny", s3Stores())) {
      CompletionMarker.CHECKPOINT.publish(models, checkpoint.getFileName().toString(), checkpoint);
    }
    VideoJobSpec spec = spec(singleSpec("s3://models/tiny", "s3://videos/jobs/red", "webm"));
    Plan plan = ShardPlanner.plan(spec);
    Path document = stageDocument(spec, plan, 0, "s3://models/tiny");

    Run first = task(document, s3Stores());
    assertThat(first.exitCode()).as(first.err()).isZero();
    ProducedArtifact video = first.result().artifacts().get(0);
    assertThat(video.uri()).isEqualTo("s3://videos/jobs/red/video.webm");
    byte[] stored;
    try (InputStream in = raw.getObject(b -> b.bucket("videos").key("jobs/red/video.webm"))) {
      stored = in.readAllBytes();
    }
    assertThat(video.sha256()).isEqualTo(Sha256Hex.of(stored));
    assertThat(video.bytes()).isEqualTo(stored.length);
    Path local = dir.resolve("video.webm");
    Files.write(local, stored);
    assertThat(MediaInfo.probe(local).codec()).isEqualTo("vp9");
    assertThat(MediaInfo.probe(local).frames()).isEqualTo(video.frames()).isEqualTo(8);

    Run again = task(document, s3Stores());
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("reused");
    assertThat(again.result().artifacts()).containsExactly(video);
  }

  @Test
  void anImageJobWritesOnePngFile() throws Exception {
    String location = "file://" + dir.resolve("out/image");
    VideoJobSpec spec =
        spec(
            """
            model: {checkpoint: %s}
            task: Image
            prompt: a green square
            output: {width: 32, height: 16, location: %s}
            sampling: {steps: 2, seed: 1}
            """
                .formatted(checkpointUri, location));
    Run run = task(stageDocument(spec, ShardPlanner.plan(spec), 0, checkpointUri), null);
    assertThat(run.exitCode()).as(run.err()).isZero();
    ProducedArtifact image = run.result().artifacts().get(0);
    Path png = dir.resolve("out/image/image.png");
    assertThat(image.uri()).isEqualTo(location + "/image.png");
    assertThat(image.sha256()).isEqualTo(Sha256Hex.of(Files.readAllBytes(png)));
    assertThat(image.frames()).isEqualTo(1);
    java.awt.image.BufferedImage read = javax.imageio.ImageIO.read(png.toFile());
    assertThat(read.getWidth()).isEqualTo(32).isEqualTo(image.width());
    assertThat(read.getHeight()).isEqualTo(16).isEqualTo(image.height());
  }

  @Test
  void stitchOfASequentialPlanJoinsShardFramesInTimelineOrder() throws Exception {
    String location = "file://" + dir.resolve("out/long");
    VideoJobSpec spec =
        spec(
            """
            model: {checkpoint: %s}
            prompt: a blue square moves up
            output: {width: 16, height: 16, durationSeconds: 6, fps: 8, format: png, location: %s}
            sharding: {strategy: Sequential, segmentSeconds: 2, overlapFrames: 3}
            """
                .formatted(checkpointUri, location));
    Plan plan = ShardPlanner.plan(spec);
    assertThat(plan.strategy()).isEqualTo(ShardingStrategy.Sequential);
    publishShards(plan, location, 16, null);

    int stitch = plan.stages().size() - 1;
    Run run = task(stageDocument(spec, plan, stitch, checkpointUri), null);
    assertThat(run.exitCode()).as(run.err()).isZero();
    ProducedArtifact video = run.result().artifacts().get(0);
    assertThat(video.uri()).isEqualTo(location + "/video");
    assertThat(video.frames()).isEqualTo(48);
    Path frames = dir.resolve("out/long/video");
    StringBuilder listing = new StringBuilder();
    for (int t = 0; t < 48; t++) {
      Path png = frames.resolve(String.format("%06d.png", t));
      Clip frame = FrameStrip.read(png, 1, 8);
      int[] expected = ShardFrames.colour(t);
      for (int c = 0; c < 3; c++) {
        assertThat(Math.round(frame.get(0, 5, 7, c) * 255))
            .as("frame %d", t)
            .isEqualTo(expected[c]);
      }
      listing.append(Sha256Hex.of(Files.readAllBytes(png))).append("  ");
      listing.append(png.getFileName()).append('\n');
    }
    assertThat(video.sha256()).isEqualTo(Sha256Hex.of(listing.toString()));
    assertThat(frames.resolve("result.json")).isRegularFile();

    // The same inputs: reused. A shard rendered anew: stitched again.
    assertThat(task(stageDocument(spec, plan, stitch, checkpointUri), null).out())
        .contains("reused");
    RenderShard first = (RenderShard) plan.stages().get(0).shards().get(0);
    int[] moved = first.frames().frames().toArray();
    moved[0] = 63;
    ShardFrames.publish(
        TaskDocuments.uri(location, first.artifactKey()), ShardFrames.clip(moved, 16, 16, 8), null);
    Run restitched = task(stageDocument(spec, plan, stitch, checkpointUri), null);
    assertThat(restitched.exitCode()).isZero();
    assertThat(restitched.out()).doesNotContain("reused");
    Clip frame0 = FrameStrip.read(frames.resolve("000000.png"), 1, 8);
    assertThat(Math.round(frame0.get(0, 0, 0, 0) * 255)).isEqualTo(ShardFrames.colour(63)[0]);
  }

  @Test
  void stitchOfKeyframesThenFillWritesAnMp4ToS3() throws Exception {
    raw.createBucket(b -> b.bucket("stitched"));
    String location = "s3://stitched/jobs/ktf";
    VideoJobSpec spec =
        spec(
            """
            model: {checkpoint: %s}
            prompt: a green circle moves right
            output: {width: 32, height: 32, durationSeconds: 6, fps: 8, location: %s}
            sharding: {strategy: KeyframesThenFill, segmentSeconds: 1, maxParallel: 4}
            """
                .formatted(checkpointUri, location));
    Plan plan = ShardPlanner.plan(spec);
    assertThat(plan.strategy()).isEqualTo(ShardingStrategy.KeyframesThenFill);
    publishShards(plan, location, 32, s3Stores());

    Run run = task(stageDocument(spec, plan, plan.stages().size() - 1, checkpointUri), s3Stores());
    assertThat(run.exitCode()).as(run.err()).isZero();
    ProducedArtifact video = run.result().artifacts().get(0);
    assertThat(video.uri()).isEqualTo(location + "/video.mp4");
    byte[] stored;
    try (InputStream in = raw.getObject(b -> b.bucket("stitched").key("jobs/ktf/video.mp4"))) {
      stored = in.readAllBytes();
    }
    assertThat(video.sha256()).isEqualTo(Sha256Hex.of(stored));
    Path mp4 = dir.resolve("video.mp4");
    Files.write(mp4, stored);
    Clip decoded = VideoDecoder.read(mp4);
    assertThat(decoded.frames()).isEqualTo(48).isEqualTo(video.frames());
    for (int t = 0; t < 48; t++) {
      double[] mean = ShardFrames.mean(decoded, t);
      int[] expected = ShardFrames.colour(t);
      for (int c = 0; c < 3; c++) {
        assertThat(mean[c]).as("frame %d channel %d", t, c).isCloseTo(expected[c], within(10.0));
      }
    }
  }

  @Test
  void keyframesThenFillsRenderWithTheGivenFramesKeptExactly() throws Exception {
    String location = "file://" + dir.resolve("out/seq");
    VideoJobSpec spec =
        spec(
            """
            model: {checkpoint: %s}
            prompt: a red circle moves left
            output: {width: 32, height: 32, durationSeconds: 4, fps: 8, location: %s}
            sampling: {steps: 2}
            sharding: {strategy: KeyframesThenFill, segmentSeconds: 1, maxParallel: 4}
            """
                .formatted(checkpointUri, location));
    Plan plan = ShardPlanner.plan(spec);

    Run keyframes = task(stageDocument(spec, plan, 0, checkpointUri), null);
    assertThat(keyframes.exitCode()).as(keyframes.err()).isZero();

    Path fillStage = stageDocument(spec, plan, 1, checkpointUri);
    Run fill = task(fillStage, null, "JOB_COMPLETION_INDEX", "2");
    assertThat(fill.exitCode()).as(fill.err()).isZero();
    assertThat(fill.result().task()).isEqualTo("fill-2");

    // Every frame the fill was given comes back as given: the seams are the keyframes' pixels.
    var task = (dev.videogen.api.task.RenderTask) TaskJson.readTask(Files.readString(fillStage), 2);
    assertThat(task.conditioning()).isNotEmpty();
    Path fillFrames = dir.resolve("out/seq/shards/fill-2");
    for (var given : task.conditioning()) {
      Path source = Path.of(java.net.URI.create(given.source()));
      for (int i = 0; i < given.targetFrames().length(); i++) {
        Clip expected = VideoDecoder.read(frame(source, given.sourceFrames().start() + i));
        Clip actual = VideoDecoder.read(frame(fillFrames, given.targetFrames().start() + i));
        assertThat(actual.rgb()).as("given frame %d", i).isEqualTo(expected.rgb());
      }
    }
  }

  private static Path frame(Path directory, int index) {
    return directory.resolve(String.format("%06d.png", index));
  }

  @Test
  void aTaskThisBuildCannotRenderFailsForGoodWithAClearMessage() throws Exception {
    String location = "file://" + dir.resolve("out/negative");
    VideoJobSpec spec =
        spec(
            """
            model: {checkpoint: %s}
            prompt: a red circle moves left
            negativePrompt: a blue square
            output: {width: 32, height: 32, durationSeconds: 1, fps: 8, location: %s}
            """
                .formatted(checkpointUri, location));
    Plan plan = ShardPlanner.plan(spec);
    Run run = task(stageDocument(spec, plan, 0, checkpointUri), null);
    assertThat(run.exitCode()).isEqualTo(TaskReport.EXIT_PERMANENT);
    assertThat(run.result().error().reason()).isEqualTo("NotSupported");
    assertThat(run.result().error().message()).contains("negativePrompt");
    assertThat(dir.resolve("out/negative/video.mp4")).doesNotExist();
  }

  @Test
  void badDocumentsAndMissingInputsExitWith2() throws Exception {
    Path garbage = dir.resolve("garbage.json");
    Files.writeString(garbage, "{\"apiVersion\": \"videogen.dev/task/v1\", \"kind\": ");
    Run invalid = task(garbage, null);
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.result().error().reason()).isEqualTo("InvalidTask");
    assertThat(invalid.result().error().message()).contains("not valid JSON");

    Run missing = task(dir.resolve("nothing.json"), null);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.result().error().message()).contains("cannot read the task document");

    VideoJobSpec spec = spec(singleSpec(checkpointUri, "file://" + dir.resolve("o"), "gif"));
    Plan plan = ShardPlanner.plan(spec);
    Run index =
        task(stageDocument(spec, plan, 0, checkpointUri), null, "JOB_COMPLETION_INDEX", "3");
    assertThat(index.exitCode()).isEqualTo(2);
    assertThat(index.result().error().message()).contains("no task for completion index 3");

    String nowhere = "file://" + dir.resolve("no-checkpoints");
    Run noCheckpoint = task(stageDocument(spec, plan, 0, nowhere), null);
    assertThat(noCheckpoint.exitCode()).isEqualTo(2);
    assertThat(noCheckpoint.result().error().reason()).isEqualTo("CheckpointNotFound");

    // A shard directory without its result.json is incomplete: never stitched.
    String location = "file://" + dir.resolve("out/partial");
    VideoJobSpec sequential =
        spec(
            """
            model: {checkpoint: %s}
            output: {width: 16, height: 16, durationSeconds: 6, fps: 8, location: %s}
            sharding: {strategy: Sequential, segmentSeconds: 2}
            """
                .formatted(checkpointUri, location));
    Plan seq = ShardPlanner.plan(sequential);
    publishShards(seq, location, 16, null);
    Files.delete(dir.resolve("out/partial/shards/segment-1-0/result.json"));
    Run partial =
        task(stageDocument(sequential, seq, seq.stages().size() - 1, checkpointUri), null);
    assertThat(partial.exitCode()).isEqualTo(2);
    assertThat(partial.result().error().reason()).isEqualTo("InputNotFound");
    assertThat(partial.result().error().message()).contains("segment-1-0 is incomplete");
    assertThat(dir.resolve("out/partial/video.mp4")).doesNotExist();
  }

  /** Publishes every render shard of {@code plan} as frames that encode their timeline position. */
  private static void publishShards(Plan plan, String location, int side, StoreSettings stores)
      throws Exception {
    for (Shard shard : plan.shards()) {
      if (shard instanceof RenderShard render) {
        Clip clip = ShardFrames.clip(render.frames().frames().toArray(), side, side, 8);
        ShardFrames.publish(TaskDocuments.uri(location, render.artifactKey()), clip, stores);
      }
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double value) {
    return org.assertj.core.data.Offset.offset(value);
  }
}
