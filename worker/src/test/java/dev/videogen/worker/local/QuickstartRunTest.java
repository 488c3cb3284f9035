package dev.videogen.worker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.videogen.worker.WorkerCli;
import dev.videogen.worker.video.MediaInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart as a user runs it ({@code worker run examples/quickstart.yaml}), at a few training
 * and sampling steps and with its locations moved to a temporary directory.
 */
class QuickstartRunTest {
  @TempDir Path dir;

  record Result(int exitCode, String out, String err) {}

  Result run(Path file) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        WorkerCli.run(
            new String[] {"run", "--threads", "2", file.toString()},
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            Map.of("VIDEOGEN_CACHE", dir.resolve("cache").toString()),
            null);
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * {@code yaml} (the quickstart's resources) at 3 training steps of 2 clips for each TrainingRun,
   * a latent cache of 8 clips and 2 sampling steps, its locations moved under {@code dir}.
   */
  static String shortened(String yaml, Path dir) {
    String shortened =
        yaml.replace("file:///tmp/videogen-quickstart", "file://" + dir)
            .replaceAll("(training:\\s+steps:) \\d+", "$1 3")
            .replaceAll("batchSize: \\d+", "batchSize: 2")
            .replaceAll("warmupSteps: \\d+", "warmupSteps: 1")
            .replaceAll("(latentCache:\\s+clips:) \\d+", "$1 8")
            .replaceAll("(sampling:\\s+steps:) \\d+", "$1 2");
    assertThat(shortened)
        .contains("steps: 3")
        .contains("steps: 2")
        .doesNotContain("file:///tmp/videogen-quickstart")
        .doesNotContainPattern("steps: \\d{2,}");
    return shortened;
  }

  /** examples/quickstart.yaml, {@link #shortened}. */
  Path shortQuickstart() throws Exception {
    Path file = dir.resolve("quickstart.yaml");
    Files.writeString(
        file,
        shortened(
            Files.readString(Path.of("../examples/quickstart.yaml")), dir.resolve("quickstart")));
    return file;
  }

  @Test
  void trainsRendersWritesStatusAndAReRunSkipsFinishedWork() throws Exception {
    Path file = shortQuickstart();
    Result first = run(file);
    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();

    Path video = dir.resolve("quickstart/red-circle/video.mp4");
    assertThat(video).isRegularFile();
    assertThat(MediaInfo.probe(video).frames()).isEqualTo(16);
    JsonNode job = status(dir.resolve("quickstart/red-circle/status.yaml"));
    assertThat(job.at("/kind").asText()).isEqualTo("VideoJob");
    assertThat(job.at("/metadata/name").asText()).isEqualTo("quickstart-red-circle");
    assertThat(job.at("/status/phase").asText()).isEqualTo("Succeeded");
    assertThat(job.at("/status/plan/strategy").asText()).isEqualTo("Single");
    assertThat(job.at("/status/progress/percent").asInt()).isEqualTo(100);
    assertThat(job.at("/status/shards/succeeded").asInt()).isEqualTo(1);
    JsonNode artifact = job.at("/status/artifacts/0");
    assertThat(artifact.at("/uri").asText()).isEqualTo("file://" + video);
    assertThat(artifact.at("/sha256").asText()).isEqualTo(sha256(video));
    assertThat(artifact.at("/bytes").asLong()).isEqualTo(Files.size(video));
    assertThat(artifact.at("/frames").asInt()).isEqualTo(16);
    assertThat(condition(job, "Succeeded")).isEqualTo("True");
    assertThat(condition(job, "Ready")).isEqualTo("True");
    assertThat(job.at("/status/completionTime").asText()).isNotEmpty();

    // The autoencoder first, then the transformer on its latents, whose checkpoint renders.
    JsonNode autoencoder = status(dir.resolve("quickstart/autoencoder/status.yaml"));
    assertThat(autoencoder.at("/status/phase").asText()).isEqualTo("Succeeded");
    assertThat(autoencoder.at("/status/step").asLong()).isEqualTo(3);
    JsonNode training = status(dir.resolve("quickstart/checkpoints/status.yaml"));
    assertThat(training.at("/status/phase").asText()).isEqualTo("Succeeded");
    assertThat(training.at("/status/step").asLong()).isEqualTo(3);
    String checkpoint = training.at("/status/latestCheckpoint/uri").asText();
    assertThat(checkpoint)
        .isEqualTo("file://" + dir.resolve("quickstart/checkpoints/step-00000003"));
    assertThat(first.out()).contains("with checkpoint " + checkpoint);
    assertThat(Path.of(java.net.URI.create(checkpoint)).resolve("autoencoder.ndlist"))
        .isRegularFile();

    long modified = Files.getLastModifiedTime(video).toMillis();
    Result again = run(file);
    assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("already trained").contains("render-0: reused");
    assertThat(Files.getLastModifiedTime(video).toMillis()).isEqualTo(modified);
    assertThat(
            status(dir.resolve("quickstart/red-circle/status.yaml"))
                .at("/status/artifacts/0/sha256")
                .asText())
        .isEqualTo(sha256(video));
  }

  static JsonNode status(Path file) throws Exception {
    return new YAMLMapper().readTree(file.toFile());
  }

  static String condition(JsonNode resource, String type) {
    for (JsonNode c : resource.at("/status/conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c.path("status").asText();
      }
    }
    return null;
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
