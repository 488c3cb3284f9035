package dev.videogen.worker;

import dev.videogen.api.task.TaskDocument;
import dev.videogen.api.task.TaskError;
import dev.videogen.api.task.TaskFormatException;
import dev.videogen.api.task.TaskJson;
import dev.videogen.api.task.TaskResult;
import dev.videogen.api.task.Timings;
import dev.videogen.api.task.TrainTask;
import dev.videogen.worker.progress.PodAnnotationReporter;
import dev.videogen.worker.progress.PodIdentity;
import dev.videogen.worker.progress.ProgressLine;
import dev.videogen.worker.progress.ProgressReporter;
import dev.videogen.worker.progress.ProgressTracker;
import dev.videogen.worker.store.StoreSettings;
import dev.videogen.worker.train.StopSignal;
import dev.videogen.worker.train.TrainingTaskRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code worker train-task FILE}: runs one Train task document (docs/training.md) as a training pod
 * does: progress on standard output and, in a pod, in the pod's annotation; the result on standard
 * output and in the termination message; the exit code of {@link TrainingTaskRunner#exitCode}.
 * SIGTERM stops training with a checkpoint. {@code worker task} is to hand Train documents to the
 * same runner; until then this hidden command is how to run one.
 */
@Command(
    name = "train-task",
    hidden = true,
    description = "Run a Train task document (what a TrainingRun's pod runs).")
final class TrainTaskCommand implements Callable<Integer> {
  /** Environment variable: seconds between progress reports (default 10; 0 reports every step). */
  static final String PROGRESS_SECONDS_ENV = "VIDEOGEN_PROGRESS_SECONDS";

  /**
   * Environment variable: under it, {@code train/<task id>} holds checkpoints in transit and clips.
   */
  static final String CACHE_ENV = "VIDEOGEN_CACHE";

  /** Environment variable: where the result goes (the pod's termination message path). */
  static final String TERMINATION_LOG_ENV = "VIDEOGEN_TERMINATION_LOG";

  private static final Path TERMINATION_LOG = Path.of("/dev/termination-log");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The task JSON (kind: Train).")
  Path file;

  @Option(
      names = "--termination-log",
      description =
          "Where the result JSON goes. Default: $VIDEOGEN_TERMINATION_LOG, else"
              + " /dev/termination-log where it exists.")
  Path terminationLog;

  @Override
  public Integer call() throws IOException {
    return execute(file, terminationLog, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** Runs the Train task in {@code file}; {@code worker task} hands Train documents here. */
  static int execute(Path file, Path terminationLog, PrintWriter out, PrintWriter err)
      throws IOException {
    // Held until the result is written, so SIGTERM gets its checkpoint and its exit code.
    StopSignal stop = StopSignal.onShutdown(Duration.ofMinutes(10));
    int exit = TrainingTaskRunner.EXIT_FAILED;
    try {
      TaskResult result = run(file, out, err, stop);
      exit = TrainingTaskRunner.exitCode(result);
      String json = TaskJson.write(result);
      out.println(json);
      out.flush();
      String fromEnv = System.getenv(TERMINATION_LOG_ENV);
      Path target =
          terminationLog != null
              ? terminationLog
              : fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv.trim()) : TERMINATION_LOG;
      if (!target.equals(TERMINATION_LOG) || Files.isWritable(TERMINATION_LOG)) {
        Files.writeString(target, json, StandardCharsets.UTF_8);
      }
      return exit;
    } finally {
      stop.finished(exit);
      stop.close();
    }
  }

  private static TaskResult run(Path file, PrintWriter out, PrintWriter err, StopSignal stop)
      throws IOException {
    TrainTask task;
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      return TaskResult.failed(
          file.getFileName().toString(),
          new TaskError("InvalidTask", "cannot read the task file " + file + ": " + e),
          new Timings(0, null, null, null, null));
    }
    try {
      TaskDocument document = TaskJson.readTask(text, 0);
      if (!(document instanceof TrainTask train)) {
        throw new TaskFormatException(
            file + " holds a " + document.kind() + " task; train-task runs Train tasks");
      }
      task = train;
    } catch (IllegalArgumentException e) { // TaskFormatException included
      String id = file.getFileName().toString();
      return TaskResult.failed(
          id,
          new TaskError("InvalidTask", file + ": " + e.getMessage()),
          new Timings(0, null, null, null, null));
    }
    Duration interval;
    try {
      interval = progressInterval();
    } catch (IllegalArgumentException e) {
      return TaskResult.failed(
          task.id(),
          new TaskError("InvalidTask", e.getMessage()),
          new Timings(0, null, null, null, null));
    }
    List<ProgressReporter> reporters = new ArrayList<>(List.of(new ProgressLine(out)));
    StringBuilder why = new StringBuilder();
    Optional<PodIdentity> pod = PodIdentity.detect(why);
    PodAnnotationReporter annotation = pod.map(PodAnnotationReporter::new).orElse(null);
    if (annotation != null) {
      reporters.add(annotation);
    } else {
      out.println("progress annotation off: " + why);
    }
    try {
      TrainingTaskRunner runner =
          new TrainingTaskRunner(
              new TrainingTaskRunner.Options(
                  StoreSettings.fromEnvironment(),
                  scratch(task),
                  TrainingTaskRunner.Options.allDevices(),
                  interval,
                  line -> {
                    out.println(line);
                    out.flush();
                  }));
      return runner.run(task, ProgressReporter.all(reporters), stop::requested);
    } finally {
      if (annotation != null) {
        annotation.close();
      }
    }
  }

  private static Path scratch(TrainTask task) throws IOException {
    String cache = System.getenv(CACHE_ENV);
    Path root =
        cache != null && !cache.isBlank()
            ? Path.of(cache.trim())
            : Path.of(System.getProperty("user.home"), ".cache", "videogen");
    Path dir = root.resolve("train").resolve(task.id().replaceAll("[^A-Za-z0-9._-]", "_"));
    Files.createDirectories(dir);
    return dir;
  }

  private static Duration progressInterval() {
    String value = System.getenv(PROGRESS_SECONDS_ENV);
    if (value == null || value.isBlank()) {
      return ProgressTracker.DEFAULT_INTERVAL;
    }
    try {
      double seconds = Double.parseDouble(value);
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis(Math.round(seconds * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          PROGRESS_SECONDS_ENV + " must be a number of seconds, not negative; got " + value);
    }
  }
}
