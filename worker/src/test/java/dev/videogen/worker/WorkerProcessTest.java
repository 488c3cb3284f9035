package dev.videogen.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.videogen.api.task.TaskJson;
import dev.videogen.api.task.TaskResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker as a separate process, as a pod or a user runs it: exit codes reach the parent,
 * variables configure it, and SIGTERM (what Ctrl-C and pod deletion send, through the JVM's
 * shutdown hooks) stops a run cleanly.
 */
class WorkerProcessTest {
  @TempDir Path dir;

  Process start(Path log, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(WorkerCli.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("VIDEOGEN_TERMINATION_LOG", log.toString());
    builder.environment().put("VIDEOGEN_CACHE", dir.resolve("cache").toString());
    builder.environment().remove("JOB_COMPLETION_INDEX");
    return builder.start();
  }

  /** Collects a process's output lines on a thread of its own. */
  static List<String> lines(Process process) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (java.io.IOException e) {
                lines.add("<output closed: " + e + ">");
              }
            });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  @Test
  void anInvalidTaskExitsWith2AndLeavesItsResultWhereTheVariableSays() throws Exception {
    Path document = dir.resolve("stage.json");
    Files.writeString(document, "{\"apiVersion\": \"videogen.dev/task/v1\", \"kind\": \"Stage\"}");
    Path log = dir.resolve("termination-log");
    Process process = start(log, "task", document.toString());
    List<String> output = lines(process);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join("\n", output)).isTrue();

    assertThat(process.exitValue()).isEqualTo(2);
    TaskResult result = TaskJson.readResult(Files.readString(log));
    assertThat(result.error().reason()).isEqualTo("InvalidTask");
    assertThat(result.error().message()).contains("tasks must be an array");
  }

  @Test
  void sigtermStopsTrainingAfterACheckpointAndTheStatusSaysSuspended() throws Exception {
    Path file = dir.resolve("train.yaml");
    Files.writeString(
        file,
        """
        apiVersion: videogen.dev/v1alpha1
        kind: TrainingRun
        metadata: {name: long-training}
        spec:
          model: {preset: tiny, depth: 1, width: 48, heads: 4}
          dataset: {synthetic: {seed: 3}}
          training: {steps: 100000, batchSize: 1, warmupSteps: 1}
          checkpoint: {location: "file://%s", everySteps: 100000}
        """
            .formatted(dir.resolve("ckpt")));
    Process process = start(dir.resolve("unused-log"), "run", "--threads", "1", file.toString());
    List<String> output = lines(process);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (output.stream().noneMatch(l -> l.contains("training from step 0"))) {
      assertThat(process.isAlive()).as(String.join("\n", output)).isTrue();
      assertThat(Instant.now()).as("training started").isBefore(deadline);
      Thread.sleep(100); // polling the output, with a deadline
    }

    // SIGTERM, as kill sends it; Process.destroy() would also close the output we read.
    assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor())
        .isZero();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join("\n", output)).isTrue();

    assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the hook finished
    assertThat(output).anyMatch(l -> l.contains("stop requested"));
    JsonNode status = new YAMLMapper().readTree(dir.resolve("ckpt/status.yaml").toFile());
    assertThat(status.at("/status/phase").asText())
        .as(String.join("\n", output))
        .isEqualTo("Suspended");
    long step = status.at("/status/step").asLong();
    assertThat(step).isBetween(1L, 99_999L);
    assertThat(dir.resolve("ckpt/step-%08d/manifest.json".formatted(step))).isRegularFile();
    assertThat(status.at("/status/latestCheckpoint/step").asLong()).isEqualTo(step);
  }
}
