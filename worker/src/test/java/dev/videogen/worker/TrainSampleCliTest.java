package dev.videogen.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.FrameStrip;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code worker train} then {@code worker sample}, as a user runs them, on a very small model. */
class TrainSampleCliTest {
  record Result(int exitCode, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = WorkerCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private static final String[] MODEL = {"--depth", "1", "--width", "48", "--heads", "4"};

  private static String[] args(String[] base, String... more) {
    String[] all = new String[base.length + more.length];
    System.arraycopy(more, 0, all, 0, more.length);
    System.arraycopy(base, 0, all, more.length, base.length);
    return all;
  }

  @Test
  void trainsResumesAndSamplesWithASidecar(@TempDir Path dir) throws Exception {
    Path checkpoints = dir.resolve("checkpoints");
    Result first =
        run(
            args(
                MODEL,
                "train",
                "--steps",
                "12",
                "--batch",
                "2",
                "--warmup",
                "2",
                "--checkpoints",
                checkpoints.toString(),
                "--checkpoint-every",
                "5"));
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(checkpoints.resolve("step-00000005")).isDirectory();
    assertThat(checkpoints.resolve("step-00000012/manifest.json")).isRegularFile();

    Result resumed =
        run(
            args(
                MODEL,
                "train",
                "--steps",
                "15",
                "--batch",
                "2",
                "--warmup",
                "2",
                "--checkpoints",
                checkpoints.toString()));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("resuming from").contains("(step 12)");
    assertThat(checkpoints.resolve("step-00000015")).isDirectory();

    Path png = dir.resolve("out/red.png");
    Result sample =
        run(
            "sample",
            "--checkpoint",
            checkpoints.toString(),
            "--prompt",
            "a red circle moves left",
            "--width",
            "32",
            "--height",
            "16",
            "--seconds",
            "0.5",
            "--fps",
            "8",
            "--steps",
            "3",
            "--seed",
            "4",
            "--out",
            png.toString());
    assertThat(sample.exitCode()).as(sample.err()).isZero();
    Clip clip = FrameStrip.read(png, 4, 8);
    assertThat(clip.width()).isEqualTo(32);
    assertThat(clip.height()).isEqualTo(16);
    JsonNode sidecar = new ObjectMapper().readTree(dir.resolve("out/red.png.json").toFile());
    assertThat(sidecar.get("prompt").asText()).isEqualTo("a red circle moves left");
    assertThat(sidecar.get("seed").asLong()).isEqualTo(4);
    assertThat(sidecar.get("frames").asInt()).isEqualTo(4);
    assertThat(sidecar.get("checkpoint").asText()).endsWith("step-00000015");
    assertThat(sidecar.get("sha256").asText()).hasSize(64);

    // The same seed renders the same pixels.
    Path again = dir.resolve("out/again.png");
    run(
        "sample",
        "--checkpoint",
        checkpoints.toString(),
        "--prompt",
        "a red circle moves left",
        "--width",
        "32",
        "--height",
        "16",
        "--seconds",
        "0.5",
        "--fps",
        "8",
        "--steps",
        "3",
        "--seed",
        "4",
        "--out",
        again.toString());
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(png));
  }

  @Test
  void badArgumentsGetClearErrors(@TempDir Path dir) {
    Result noCheckpoint =
        run(
            "sample",
            "--checkpoint",
            dir.toString(),
            "--prompt",
            "x",
            "--out",
            dir.resolve("a.png").toString());
    assertThat(noCheckpoint.exitCode()).isEqualTo(2);
    assertThat(noCheckpoint.err()).contains("no complete checkpoint");

    Result format =
        run(
            "sample",
            "--checkpoint",
            dir.toString(),
            "--prompt",
            "x",
            "--out",
            dir.resolve("a.avi").toString());
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains(".png");

    Path checkpoints = dir.resolve("c");
    assertThat(
            run(args(
                    MODEL,
                    "train",
                    "--steps",
                    "1",
                    "--batch",
                    "1",
                    "--warmup",
                    "0",
                    "--checkpoints",
                    checkpoints.toString()))
                .exitCode())
        .isZero();
    Result size =
        run(
            "sample",
            "--checkpoint",
            checkpoints.toString(),
            "--prompt",
            "x",
            "--width",
            "30",
            "--out",
            dir.resolve("b.png").toString());
    assertThat(size.exitCode()).isEqualTo(2);
    assertThat(size.err()).contains("--width 30").contains("does not divide");
  }
}
