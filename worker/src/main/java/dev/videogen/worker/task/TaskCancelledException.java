package dev.videogen.worker.task;

/**
 * Thrown inside a task when its run was asked to stop (Ctrl-C in a local run, SIGTERM in a pod):
 * the task ends before writing its completion marker, so nothing half-done counts as finished.
 */
public final class TaskCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TaskCancelledException(String taskId) {
    super("task " + taskId + " was stopped before it finished");
  }
}
