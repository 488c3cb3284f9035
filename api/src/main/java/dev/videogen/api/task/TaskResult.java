package dev.videogen.api.task;

import java.util.List;

/**
 * What a worker pod reports when its task ends, written to {@code /dev/termination-log} (at most
 * {@link TaskJson#TERMINATION_MESSAGE_LIMIT} bytes; {@link TaskJson#write(TaskResult)} keeps it
 * within) and read back by the operator into the VideoJob status.
 */
public record TaskResult(
    String task,
    TaskOutcome outcome,
    List<ProducedArtifact> artifacts,
    Timings timings,
    TaskError error) {
  /**
   * Most artifacts in one result: with URIs of the longest allowed length, more would not fit in a
   * termination message. Render and stitch tasks write one.
   */
  public static final int MAX_ARTIFACTS = 3;

  public TaskResult {
    Checks.text(task, "task");
    Checks.present(outcome, "outcome");
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    if (artifacts.size() > MAX_ARTIFACTS) {
      throw new IllegalArgumentException(
          "a result lists at most " + MAX_ARTIFACTS + " artifacts, got " + artifacts.size());
    }
    if (outcome == TaskOutcome.Failed && error == null) {
      throw new IllegalArgumentException("a Failed result needs an error");
    }
    if (outcome == TaskOutcome.Succeeded && error != null) {
      throw new IllegalArgumentException("a Succeeded result has no error");
    }
  }

  public static TaskResult succeeded(String task, List<ProducedArtifact> artifacts, Timings t) {
    return new TaskResult(task, TaskOutcome.Succeeded, artifacts, t, null);
  }

  public static TaskResult failed(String task, TaskError error, Timings timings) {
    return new TaskResult(task, TaskOutcome.Failed, List.of(), timings, error);
  }
}
