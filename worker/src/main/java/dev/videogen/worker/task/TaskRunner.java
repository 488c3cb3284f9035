package dev.videogen.worker.task;

import dev.videogen.api.task.RenderTask;
import dev.videogen.api.task.StitchTask;
import dev.videogen.api.task.TaskDocument;
import dev.videogen.api.task.TaskError;
import dev.videogen.api.task.TaskResult;
import dev.videogen.api.task.TrainTask;
import dev.videogen.worker.store.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Runs one task of the task contract (docs/task-contract.md) to a {@link TaskReport}: the code
 * behind {@code worker task} in a pod and behind each shard of a local {@code worker run}. It never
 * throws: every failure becomes a Failed result with a reason, and an exit code saying whether
 * another attempt could help.
 */
public final class TaskRunner {
  private final StoreSettings stores;
  private final CheckpointCache checkpoints;
  private final ShardRenderer renderer;
  private final Path scratchRoot;

  /**
   * @param scratchRoot where tasks keep temporary files (deleted when each task ends); null for the
   *     system's temporary directory
   */
  public TaskRunner(
      StoreSettings stores, CheckpointCache checkpoints, ShardRenderer renderer, Path scratchRoot) {
    this.stores = stores;
    this.checkpoints = checkpoints;
    this.renderer = renderer;
    this.scratchRoot = scratchRoot;
  }

  /**
   * Runs {@code task}.
   *
   * @param cancelled asked between steps; once true the task stops without completing its output
   */
  public TaskReport run(TaskDocument task, TaskListener listener, BooleanSupplier cancelled) {
    TaskClock clock = new TaskClock();
    Path scratch = null;
    try {
      scratch =
          scratchRoot == null
              ? Files.createTempDirectory("videogen-task-")
              : Files.createTempDirectory(Files.createDirectories(scratchRoot), "task-");
      TaskContext cx =
          new TaskContext(stores, checkpoints, renderer, listener, cancelled, clock, scratch);
      TaskContext.Produced produced;
      if (task instanceof RenderTask render) {
        produced = new RenderTaskRun(render, cx).run();
      } else if (task instanceof StitchTask stitch) {
        produced = new StitchTaskRun(stitch, cx).run();
      } else if (task instanceof TrainTask) {
        throw TaskFailure.permanent(
            TaskFailure.NOT_SUPPORTED,
            "task "
                + task.id()
                + ": Train tasks are not run by this worker build (TrainingRuns run with"
                + " `worker run` locally)");
      } else {
        throw TaskFailure.permanent(TaskFailure.INVALID_TASK, "unknown task kind " + task.kind());
      }
      TaskResult result =
          TaskResult.succeeded(task.id(), List.of(produced.artifact()), clock.timings());
      return new TaskReport(result, TaskReport.EXIT_SUCCEEDED, produced.reused(), false);
    } catch (TaskCancelledException e) {
      return failed(task, clock, TaskFailure.INTERRUPTED, e.getMessage(), false, true);
    } catch (TaskFailure e) {
      return failed(task, clock, e.reason(), e.getMessage(), e.permanent(), false);
    } catch (OutOfMemoryError e) {
      return failed(task, clock, TaskFailure.OUT_OF_MEMORY, "out of memory: " + e, false, false);
    } catch (IOException | UncheckedIOException e) {
      return failed(task, clock, TaskFailure.STORE_ERROR, describe(e), false, false);
    } catch (RuntimeException e) {
      // The native engine reports memory exhaustion as an ordinary exception.
      String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      boolean memory = text.contains("out of memory") || text.contains("can't allocate memory");
      return failed(
          task,
          clock,
          memory ? TaskFailure.OUT_OF_MEMORY : TaskFailure.INTERNAL,
          describe(e),
          false,
          false);
    } finally {
      deleteQuietly(scratch);
    }
  }

  /** A failed report for a task that could not even be read. */
  public static TaskReport invalid(String taskId, String message) {
    TaskResult result =
        TaskResult.failed(
            taskId, new TaskError(TaskFailure.INVALID_TASK, message), new TaskClock().timings());
    return new TaskReport(result, TaskReport.EXIT_PERMANENT, false, false);
  }

  private static TaskReport failed(
      TaskDocument task,
      TaskClock clock,
      String reason,
      String message,
      boolean permanent,
      boolean cancelled) {
    TaskResult result =
        TaskResult.failed(task.id(), new TaskError(reason, message), clock.timings());
    return new TaskReport(
        result, permanent ? TaskReport.EXIT_PERMANENT : TaskReport.EXIT_RETRY, false, cancelled);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Scratch space only: a leftover is harmless and must not hide the task's outcome.
    }
  }
}
