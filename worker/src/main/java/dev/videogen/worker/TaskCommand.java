package dev.videogen.worker;

import dev.videogen.api.task.TaskDocument;
import dev.videogen.api.task.TaskJson;
import dev.videogen.api.task.TaskResult;
import dev.videogen.worker.store.StoreSettings;
import dev.videogen.worker.task.CheckpointCache;
import dev.videogen.worker.task.ConditionalRenderer;
import dev.videogen.worker.task.TaskListener;
import dev.videogen.worker.task.TaskReport;
import dev.videogen.worker.task.TaskRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code worker task FILE}: what every worker pod runs. Reads its task from a stage document (the
 * task of its completion index) or a single-task document, runs it, and writes the result JSON to
 * the termination message file, which the operator reads into the VideoJob status. The exit code
 * tells the Job whether to retry: 0 done, 1 failed (retried), 2 failed for good (not retried).
 */
@Command(
    name = "task",
    description = "Run one task of the operator's task contract (what a worker pod runs).")
final class TaskCommand implements Callable<Integer> {
  static final String TERMINATION_LOG_ENV = "VIDEOGEN_TERMINATION_LOG";
  static final Path DEFAULT_TERMINATION_LOG = Path.of("/dev/termination-log");
  static final String COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";

  /** How long SIGTERM waits for the result to be written (Kubernetes' grace period is 30 s). */
  static final Duration STOP_GRACE = Duration.ofSeconds(20);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @ParentCommand WorkerCli cli;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "Stage document (stage.json) or single-task document.")
  Path file;

  @Option(
      names = "--index",
      description =
          "Which task of a stage document to run. Default: $JOB_COMPLETION_INDEX, else 0.")
  Integer index;

  @Option(
      names = "--termination-log",
      description =
          "Where the result JSON goes. Default: $VIDEOGEN_TERMINATION_LOG, else"
              + " /dev/termination-log.")
  Path terminationLog;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (isTrainTask(file)) {
      // A TrainingRun's pod: checkpoints, resume, progress reports (docs/training.md).
      return TrainTaskCommand.execute(file, terminationLog, out, err);
    }
    Map<String, String> env = cli.environment();
    Path log = terminationLog != null ? terminationLog : terminationLog(env);
    TaskReport report;
    try (StopSignal stop = StopSignal.install(STOP_GRACE, err)) {
      report = run(env, out, stop);
      finish(report, log, out, err);
    }
    return report.exitCode();
  }

  private TaskReport run(Map<String, String> env, PrintWriter out, StopSignal stop) {
    int completionIndex;
    TaskDocument task;
    StoreSettings stores;
    try {
      completionIndex = index != null ? index : completionIndex(env);
      task = TaskJson.readTask(Files.readString(file, StandardCharsets.UTF_8), completionIndex);
    } catch (IOException e) {
      return TaskRunner.invalid("unknown", "cannot read the task document " + file + ": " + e);
    } catch (IllegalArgumentException e) {
      return TaskRunner.invalid("unknown", file + ": " + e.getMessage());
    }
    try {
      stores = cli.storeSettings();
    } catch (IllegalArgumentException e) {
      return TaskRunner.invalid(task.id(), e.getMessage()); // a bad VIDEOGEN_S3_* value
    }
    out.printf("task %s (%s) from %s%n", task.id(), task.kind(), file);
    TaskRunner runner =
        new TaskRunner(
            stores,
            new CheckpointCache(CheckpointCache.defaultRoot(env), stores),
            new ConditionalRenderer(),
            null);
    return runner.run(task, new ProgressListener(out), stop::requested);
  }

  private void finish(TaskReport report, Path log, PrintWriter out, PrintWriter err) {
    TaskResult result = report.result();
    String json = TaskJson.write(result);
    out.println(json);
    if (report.succeeded()) {
      var a = result.artifacts().get(0);
      out.printf(
          "%s %s: %s (%d frames, %d bytes, sha256 %s)%n",
          result.task(),
          report.reused() ? "reused" : "succeeded",
          a.uri(),
          a.frames(),
          a.bytes(),
          a.sha256());
    } else {
      err.printf(
          "%s failed (%s): %s%n", result.task(), result.error().reason(), result.error().message());
    }
    try {
      Files.writeString(log, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.printf(
          "cannot write the result to %s (%s); set %s to a writable file%n",
          log, e, TERMINATION_LOG_ENV);
    }
  }

  /** Whether {@code file} holds a Train task (anything unreadable goes the usual way). */
  private static boolean isTrainTask(Path file) {
    try {
      return TaskJson.readTask(Files.readString(file, StandardCharsets.UTF_8), 0)
          instanceof dev.videogen.api.task.TrainTask;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static Path terminationLog(Map<String, String> env) {
    String value = env.get(TERMINATION_LOG_ENV);
    return value == null || value.isBlank() ? DEFAULT_TERMINATION_LOG : Path.of(value.trim());
  }

  static int completionIndex(Map<String, String> env) {
    String value = env.get(COMPLETION_INDEX_ENV);
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        COMPLETION_INDEX_ENV + "='" + value + "' is not a completion index (0, 1, 2, ...)");
  }

  /** A progress bar per task in the pod's log. */
  private static final class ProgressListener implements TaskListener {
    private final PrintWriter out;
    private Progress progress;

    ProgressListener(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void step(String taskId, int done, int total) {
      if (progress == null) {
        progress = new Progress(out, total, 0);
      }
      progress.update(done, taskId);
      if (done >= total) {
        progress.done();
        progress = null;
      }
    }

    @Override
    public void note(String taskId, String message) {
      out.printf("%s: %s%n", taskId, message);
    }
  }
}
