package dev.videogen.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCliTest {
  record Result(int exitCode, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = WorkerCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void helpListsTheSubcommands() {
    Result result = run("--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Usage: worker")
        .contains("doctor", "validate", "run", "train", "sample", "task");
  }

  @Test
  void versionNamesTheWorkerAndDjl() {
    Result result = run("--version");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .containsPattern("videogen worker \\d+\\.\\d+\\.\\d+")
        .contains("DJL 0.35");
  }

  @Test
  void runRefusesInvalidResourcesWithTheApiServersMessagesBeforeRunningAnything(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        apiVersion: videogen.dev/v1alpha1
        kind: VideoJob
        metadata: {name: bad}
        spec:
          model: {checkpoint: "file:///tmp/x"}
          output: {width: 100, location: "file:///tmp/out"}
        ---
        apiVersion: videogen.dev/v1alpha1
        kind: VideoJob
        metadata: {name: orphan}
        spec:
          model: {trainingRunRef: {name: nowhere}}
          prompt: a red circle moves left
          output: {location: "file:///tmp/out"}
        ---
        apiVersion: videogen.dev/v1alpha1
        kind: VideoJob
        metadata: {name: too-many-shards}
        spec:
          model: {checkpoint: "file:///tmp/x"}
          prompt: a red circle moves left
          output: {durationSeconds: 600, fps: 60, location: "file:///tmp/out"}
          sharding: {strategy: Sequential, segmentSeconds: 0.1}
        """);
    Result result = run("run", file.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("The VideoJob \"bad\" is invalid")
        .contains("spec.output.width: Invalid value: 100: must be a multiple of 16")
        .contains("TrainingRun \"nowhere\" is not in the files given to worker run")
        .contains("VideoJob \"too-many-shards\": sharding");
    assertThat(result.out()).doesNotContain("running");
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    Result result = run("render");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unmatched argument");
  }

  @Test
  void validateAcceptsTheExamples() throws IOException {
    Path examples = Path.of("../examples");
    String[] args;
    try (var files = Files.list(examples)) {
      args =
          files
              .filter(p -> p.toString().endsWith(".yaml"))
              .map(Path::toString)
              .sorted()
              .toList()
              .toArray(new String[0]);
    }
    String[] withCommand = new String[args.length + 1];
    withCommand[0] = "validate";
    System.arraycopy(args, 0, withCommand, 1, args.length);
    Result result = run(withCommand);
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("VideoJob/red-circle").contains("0 invalid");
  }

  @Test
  void validateReportsEveryViolationWithTheApiServersWording(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: unrelated}
        ---
        apiVersion: videogen.dev/v1alpha1
        kind: VideoJob
        metadata: {name: bad}
        spec:
          model: {checkpoint: "http://example.com/ckpt"}
          task: ImageToVideo
          output: {width: 100, location: "s3://bucket/out"}
        """);
    Result result = run("validate", file.toString());
    assertThat(result.exitCode()).isEqualTo(ValidateCommand.EXIT_INVALID);
    assertThat(result.out()).contains("ConfigMap/unrelated").contains("skipped");
    assertThat(result.err())
        .contains("The VideoJob \"bad\" is invalid")
        .contains(
            "spec.model.checkpoint: Invalid value: \"http://example.com/ckpt\": must be an"
                + " artifact URI")
        .contains("spec.output.width: Invalid value: 100: must be a multiple of 16")
        .contains("task ImageToVideo needs inputs.image");
  }

  @Test
  void doctorLoadsPyTorchOfflineMeasuresMatmulAndNamesTheVideoEncoders() {
    Result result = run("doctor", "--size", "128", "--repeats", "3");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("engine: PyTorch 2.7.1")
        .contains("offline=true")
        .containsPattern("libtorch: /\\S+")
        .containsPattern("matmul: 128x128 fp32 on cpu\\(\\): \\d+\\.\\d GFLOP/s")
        .containsPattern("ffmpeg: \\d+\\.\\d+\\.\\d+ \\(LGPL version 3 or later\\)")
        .contains("H.264 by libopenh264, VP9 by libvpx-vp9");
  }
}
