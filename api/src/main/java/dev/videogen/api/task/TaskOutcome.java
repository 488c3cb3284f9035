package dev.videogen.api.task;

/** How a task ended. */
public enum TaskOutcome {
  Succeeded,
  Failed
}
