package dev.videogen.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.worker.TrainSampleCliTest.Result;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.VideoDecoder;
import dev.videogen.worker.video.VideoEncoder;
import dev.videogen.worker.world.SyntheticWorld;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every VideoJob task from {@code worker sample --task ...} on a barely trained model: lengths,
 * sizes, the input frames kept (PNG in and out, so exactly), the sidecar, and option errors.
 */
class TaskCliTest {
  @TempDir static Path dir;
  static Path checkpoints;
  static Path clipA;
  static Path clipB;
  static Path image;

  @BeforeAll
  static void trainAndWriteInputs() throws Exception {
    checkpoints = dir.resolve("checkpoints");
    Result train =
        TrainSampleCliTest.run(
            "train",
            "--depth",
            "1",
            "--width",
            "48",
            "--heads",
            "4",
            "--steps",
            "2",
            "--batch",
            "2",
            "--warmup",
            "1",
            "--checkpoints",
            checkpoints.toString());
    assertThat(train.exitCode()).as(train.err()).isZero();
    clipA = dir.resolve("a.png");
    clipB = dir.resolve("b.png");
    image = dir.resolve("image.png");
    VideoEncoder.write(synthetic(1, 6), clipA);
    VideoEncoder.write(synthetic(2, 5), clipB);
    VideoEncoder.write(synthetic(3, 1), image);
  }

  private static Clip synthetic(long seed, int frames) {
    return SyntheticWorld.render(
        SyntheticWorld.sampleAny(new SplittableRandom(seed), 32, 16, frames, 8));
  }

  private static Result sample(Path out, String... task) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "sample",
                "--checkpoint",
                checkpoints.toString(),
                "--prompt",
                "a red circle moves left",
                "--steps",
                "2",
                "--out",
                out.toString()));
    args.addAll(List.of(task));
    return TrainSampleCliTest.run(args.toArray(String[]::new));
  }

  private static JsonNode sidecar(Path out) throws Exception {
    return new ObjectMapper().readTree(out.resolveSibling(out.getFileName() + ".json").toFile());
  }

  @Test
  void imageToVideoStartsWithTheImage() throws Exception {
    Path out = dir.resolve("i2v.png");
    Result r = sample(out, "--task", "ImageToVideo", "--image", image.toString(), "--seconds", "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Clip video = VideoDecoder.read(out);
    assertThat(List.of(video.frames(), video.width(), video.height())).containsExactly(8, 32, 16);
    assertThat(video.frames(0, 1).rgb()).isEqualTo(VideoDecoder.read(image).rgb());
    assertThat(sidecar(out).get("task").get("name").asText()).isEqualTo("ImageToVideo");
  }

  @Test
  void extendForwardBackwardAndLoopKeepTheInput() throws Exception {
    Clip input = VideoDecoder.read(clipA);
    assertThat(input.fps()).isEqualTo(8.0);
    Path forward = dir.resolve("forward.png");
    Result f = sample(forward, "--task", "Extend", "--video", clipA.toString(), "--seconds", "0.5");
    assertThat(f.exitCode()).as(f.err()).isZero();
    Clip extended = VideoDecoder.read(forward);
    assertThat(extended.frames()).isEqualTo(10);
    assertThat(extended.frames(0, 6).rgb()).isEqualTo(input.rgb());
    JsonNode task = sidecar(forward).get("task");
    assertThat(task.get("direction").asText()).isEqualTo("Forward");
    assertThat(task.get("contextFrames").asInt()).isEqualTo(3);

    Path backward = dir.resolve("backward.png");
    Result b =
        sample(
            backward,
            "--task",
            "Extend",
            "--video",
            clipA.toString(),
            "--direction",
            "Backward",
            "--seconds",
            "0.25");
    assertThat(b.exitCode()).as(b.err()).isZero();
    Clip before = VideoDecoder.read(backward);
    assertThat(before.frames()).isEqualTo(8);
    assertThat(before.frames(2, 8).rgb()).isEqualTo(input.rgb());

    Path loop = dir.resolve("loop.png");
    Result l = sample(loop, "--task", "Extend", "--video", clipA.toString(), "--loop");
    assertThat(l.exitCode()).as(l.err()).isZero();
    Clip looped = VideoDecoder.read(loop);
    assertThat(looped.frames()).isEqualTo(14);
    assertThat(looped.frames(0, 6).rgb()).isEqualTo(input.rgb());
    assertThat(sidecar(loop).get("task").get("loop").asBoolean()).isTrue();
  }

  @Test
  void connectGoesFromTheFirstVideoIntoTheSecond() throws Exception {
    Path out = dir.resolve("connect.png");
    Result r =
        sample(out, "--task", "Connect", "--videos", clipA + "," + clipB, "--seconds", "0.5");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Clip video = VideoDecoder.read(out);
    assertThat(video.frames()).isEqualTo(6 + 4 + 5);
    assertThat(video.frames(0, 6).rgb()).isEqualTo(VideoDecoder.read(clipA).rgb());
    assertThat(video.frames(10, 15).rgb()).isEqualTo(VideoDecoder.read(clipB).rgb());
  }

  @Test
  void editKeepsTheLengthAndImageIsOneFrame() throws Exception {
    Path edit = dir.resolve("edit.png");
    Result e = sample(edit, "--task", "Edit", "--video", clipA.toString(), "--strength", "0.6");
    assertThat(e.exitCode()).as(e.err()).isZero();
    assertThat(VideoDecoder.read(edit).frames()).isEqualTo(6);
    assertThat(sidecar(edit).get("task").get("strength").asDouble()).isEqualTo(0.6);

    Path still = dir.resolve("still.png");
    Result i = sample(still, "--task", "Image", "--width", "24", "--height", "40");
    assertThat(i.exitCode()).as(i.err()).isZero();
    Clip picture = VideoDecoder.read(still);
    assertThat(List.of(picture.frames(), picture.width(), picture.height()))
        .containsExactly(1, 24, 40);
  }

  @Test
  void optionsThatDoNotFitTheTaskAreErrors() {
    Path out = dir.resolve("never.png");
    assertThat(sample(out, "--image", image.toString()).err())
        .contains("--image is for --task ImageToVideo, not TextToVideo");
    assertThat(sample(out, "--task", "Extend").err()).contains("--task Extend needs --video");
    assertThat(sample(out, "--task", "Connect", "--videos", clipA.toString()).err())
        .contains("exactly two videos");
    assertThat(
            sample(out, "--task", "Edit", "--video", clipA.toString(), "--strength", "1.5").err())
        .contains("--strength must be in (0, 1]");
    assertThat(sample(out, "--task", "Extend", "--video", clipA.toString(), "--width", "64").err())
        .contains("--width 64: the input is 32");
    assertThat(sample(out, "--task", "Connect", "--videos", clipA + "," + image, "--loop").err())
        .contains("--loop is for --task Extend");
    Result missing =
        sample(out, "--task", "Extend", "--video", dir.resolve("missing.mp4").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--video").contains("missing.mp4: no such file");
    assertThat(sample(out, "--task", "Sketch").err()).contains("--task");
  }
}
