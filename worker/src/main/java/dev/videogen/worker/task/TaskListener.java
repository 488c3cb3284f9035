package dev.videogen.worker.task;

/**
 * What a running task tells its caller: sampler steps for a progress bar, and one-line notes
 * (checkpoint cached, output reused). Called from the thread that runs the task.
 */
public interface TaskListener {
  /** Step {@code done} of {@code total} sampler steps of task {@code taskId} is finished. */
  void step(String taskId, int done, int total);

  /** A line for the log. */
  void note(String taskId, String message);

  /** A listener that ignores everything. */
  TaskListener NONE =
      new TaskListener() {
        @Override
        public void step(String taskId, int done, int total) {}

        @Override
        public void note(String taskId, String message) {}
      };
}
