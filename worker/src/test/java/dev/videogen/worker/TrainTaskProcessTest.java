package dev.videogen.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.videogen.api.task.CheckpointSettings;
import dev.videogen.api.task.TaskJson;
import dev.videogen.api.task.TaskOutcome;
import dev.videogen.api.task.TaskResult;
import dev.videogen.api.task.TrainDataset;
import dev.videogen.api.task.TrainModel;
import dev.videogen.api.task.TrainTask;
import dev.videogen.api.task.TrainingSettings;
import dev.videogen.worker.store.S3Settings;
import dev.videogen.worker.store.StoreSettings;
import dev.videogen.worker.train.TrainingTaskRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code worker train-task} as separate processes, as a training pod runs it across disruptions:
 * the first is sent SIGTERM after its first checkpoint (it saves the step it reached and exits
 * 143), the second is killed with SIGKILL after a later checkpoint (no chance to save), the third
 * finishes. The per-step losses of the three together equal those of one uninterrupted run.
 */
class TrainTaskProcessTest {
  private static final Pattern PROGRESS =
      Pattern.compile("progress: step (\\d+)/\\d+ \\S+ loss (\\S+)");
  private static final Pattern CHECKPOINT =
      Pattern.compile("checkpoint \\S+/step-(\\d+) written in");
  private static final long STEPS = 60;
  private static final Duration DEADLINE = Duration.ofMinutes(5);

  @TempDir Path dir;

  private TrainTask task() {
    return new TrainTask(
        "restart",
        new TrainModel(null, 1, 48, 4, null, null, null),
        null,
        null,
        TrainDataset.synthetic(1L, 16, 2),
        new TrainingSettings(STEPS, 2, 2e-3, 5L, null, null, null, 3L),
        new CheckpointSettings(dir.resolve("run").toUri().toString(), 10L, 10),
        null);
  }

  /** A running {@code worker train-task} with its output lines. */
  private final class Worker {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final TreeMap<Long, Double> losses = new TreeMap<>();
    final List<String> all = new ArrayList<>();
    final Path result;

    Worker(Path taskFile, String name) throws IOException {
      result = dir.resolve(name + ".json");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String classpath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      ProcessBuilder pb =
          new ProcessBuilder(
                  java,
                  "-cp",
                  classpath,
                  WorkerCli.class.getName(),
                  "train-task",
                  taskFile.toString(),
                  "--termination-log",
                  result.toString())
              .redirectErrorStream(true);
      pb.environment().put("VIDEOGEN_PROGRESS_SECONDS", "0");
      pb.environment().put("VIDEOGEN_CACHE", dir.resolve("cache-" + name).toString());
      pb.environment().remove("KUBERNETES_SERVICE_HOST");
      process = pb.start();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  lines.add("reader failed: " + e);
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    /** Consumes lines until one matches {@code until}; returns it. */
    String await(Predicate<String> until) throws InterruptedException {
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (System.nanoTime() < deadline) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line == null) {
          if (!process.isAlive() && lines.isEmpty()) {
            break;
          }
          continue;
        }
        take(line);
        if (until.test(line)) {
          return line;
        }
      }
      throw new AssertionError("no such line; output:\n" + String.join("\n", all));
    }

    private void take(String line) {
      all.add(line);
      Matcher m = PROGRESS.matcher(line);
      if (m.find()) {
        losses.put(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)));
      }
    }

    int exit() throws InterruptedException {
      assertThat(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      // Drain what is left: the reader ends at end of stream.
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (System.nanoTime() < deadline) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line == null) {
          break;
        }
        take(line);
      }
      return process.exitValue();
    }

    TaskResult result() throws IOException {
      return TaskJson.readResult(Files.readString(result));
    }
  }

  private static long checkpointStep(String line) {
    Matcher m = CHECKPOINT.matcher(line);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  @Test
  void disruptedRunsLearnWhatAnUninterruptedRunLearns() throws Exception {
    TrainTask task = task();
    Path taskFile = dir.resolve("task.json");
    Files.writeString(taskFile, TaskJson.write(task));

    // 1. SIGTERM after the first checkpoint: a checkpoint of the step reached, exit 143.
    Worker first = new Worker(taskFile, "first");
    first.await(line -> checkpointStep(line) == 10);
    // SIGTERM through the handle: Process.destroy() would also close our end of its output.
    first.process.toHandle().destroy();
    assertThat(first.exit()).as(String.join("\n", first.all)).isEqualTo(143);
    TaskResult stopped = first.result();
    assertThat(stopped.outcome()).isEqualTo(TaskOutcome.Failed);
    assertThat(stopped.error().reason()).isEqualTo("Interrupted");
    long s1 = stopped.training().checkpoint().step();
    assertThat(s1).isBetween(10L, STEPS - 1);
    assertThat(stopped.training().step()).isEqualTo(s1);
    assertThat(first.losses.lastKey()).as(String.join("\n", first.all)).isEqualTo(s1);
    assertThat(dir.resolve("run").resolve(String.format("step-%08d/manifest.json", s1)))
        .isRegularFile();

    // 2. Resumes from s1; SIGKILL after its next periodic checkpoint: no chance to save.
    Worker second = new Worker(taskFile, "second");
    second.await(
        line -> line.contains(String.format("(step %d)", s1)) && line.startsWith("resuming"));
    long s2 = checkpointStep(second.await(line -> checkpointStep(line) > s1));
    second.process.toHandle().destroyForcibly(); // SIGKILL
    assertThat(second.exit()).isEqualTo(137);
    assertThat(second.losses.firstKey()).as(String.join("\n", second.all)).isEqualTo(s1 + 1);

    // 3. Resumes from the newest complete checkpoint (s2 or later) and finishes.
    Worker third = new Worker(taskFile, "third");
    String resumed = third.await(line -> line.startsWith("resuming from"));
    assertThat(resumed).contains("step-");
    assertThat(third.exit()).as(String.join("\n", third.all)).isZero();
    TaskResult done = third.result();
    assertThat(done.outcome()).isEqualTo(TaskOutcome.Succeeded);
    assertThat(done.training().step()).isEqualTo(STEPS);
    long s3 = third.losses.firstKey() - 1;
    assertThat(s3).isGreaterThanOrEqualTo(s2);

    // The uninterrupted run, in this process, reporting every step.
    TreeMap<Long, Double> reference = new TreeMap<>();
    TrainTask elsewhere =
        new TrainTask(
            task.id(),
            task.model(),
            null,
            null,
            task.dataset(),
            task.training(),
            new CheckpointSettings(dir.resolve("reference").toUri().toString(), 10L, 1),
            null);
    TaskResult whole =
        new TrainingTaskRunner(
                new TrainingTaskRunner.Options(
                    new StoreSettings(dir, S3Settings.fromEnvironment(Map.of())),
                    dir.resolve("cache-reference"),
                    List.of(Device.cpu()),
                    Duration.ZERO,
                    line -> {}))
            .run(
                elsewhere,
                p -> {
                  if (p.loss() != null && p.step() > 0) {
                    reference.put(p.step(), p.loss());
                  }
                },
                () -> false);
    assertThat(whole.outcome()).isEqualTo(TaskOutcome.Succeeded);
    assertThat(reference).hasSize((int) STEPS);

    // Steps redone after the SIGKILL agree with their first computation, and every step with
    // the uninterrupted run (losses are printed with six significant digits).
    for (long step = s3 + 1; step <= second.losses.lastKey(); step++) {
      assertThat(third.losses.get(step)).isCloseTo(second.losses.get(step), within(1e-5));
    }
    TreeMap<Long, Double> disrupted = new TreeMap<>(first.losses);
    disrupted.putAll(second.losses);
    disrupted.putAll(third.losses);
    assertThat(disrupted.keySet()).isEqualTo(reference.keySet());
    disrupted.forEach(
        (step, loss) ->
            assertThat(loss)
                .as("loss of step %d", step)
                .isCloseTo(reference.get(step), within(1e-5)));
  }
}
