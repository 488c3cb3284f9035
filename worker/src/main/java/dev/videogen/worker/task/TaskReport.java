package dev.videogen.worker.task;

import dev.videogen.api.task.TaskOutcome;
import dev.videogen.api.task.TaskResult;

/**
 * How a task run ended: the result for the termination message, the process exit code that goes
 * with it, and whether the output was already there from an earlier run of the same task.
 *
 * @param exitCode {@link #EXIT_SUCCEEDED}, {@link #EXIT_RETRY} or {@link #EXIT_PERMANENT}
 * @param reused the output existed, complete, from the same task and inputs: nothing was rendered
 * @param cancelled the run was asked to stop before the task finished
 */
public record TaskReport(TaskResult result, int exitCode, boolean reused, boolean cancelled) {
  /** The task succeeded (or its output was already complete). */
  public static final int EXIT_SUCCEEDED = 0;

  /** The task failed in a way another attempt may not: the Job retries the index. */
  public static final int EXIT_RETRY = 1;

  /**
   * The task can never succeed (invalid, unsupported, checkpoint or input missing): the operator's
   * pod failure policy fails the index at once instead of retrying it.
   */
  public static final int EXIT_PERMANENT = 2;

  public boolean succeeded() {
    return result.outcome() == TaskOutcome.Succeeded;
  }
}
