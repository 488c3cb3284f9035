package dev.videogen.api.task;

import java.util.List;

/**
 * What a worker pod reports when its task ends, written to {@code /dev/termination-log} (at most
 * {@link TaskJson#TERMINATION_MESSAGE_LIMIT} bytes; {@link TaskJson#write(TaskResult)} keeps it
 * within) and read back by the operator into the VideoJob or TrainingRun status.
 *
 * @param training for a Train task: the step reached and the newest complete checkpoint (a Train
 *     result lists no artifacts)
 */
public record TaskResult(
    String task,
    TaskOutcome outcome,
    List<ProducedArtifact> artifacts,
    Timings timings,
    TaskError error,
    TrainingProgress training) {
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
    if (training != null && !artifacts.isEmpty()) {
      throw new IllegalArgumentException("a result has artifacts or training, not both");
    }
  }

  /** A result of a Render or Stitch task. */
  public TaskResult(
      String task,
      TaskOutcome outcome,
      List<ProducedArtifact> artifacts,
      Timings timings,
      TaskError error) {
    this(task, outcome, artifacts, timings, error, null);
  }

  public static TaskResult succeeded(String task, List<ProducedArtifact> artifacts, Timings t) {
    return new TaskResult(task, TaskOutcome.Succeeded, artifacts, t, null);
  }

  public static TaskResult failed(String task, TaskError error, Timings timings) {
    return new TaskResult(task, TaskOutcome.Failed, List.of(), timings, error);
  }

  /** A Train task that reached its steps, with its final checkpoint. */
  public static TaskResult trained(String task, TrainingProgress training, Timings timings) {
    Checks.present(training, "training");
    return new TaskResult(task, TaskOutcome.Succeeded, List.of(), timings, null, training);
  }

  /** A Train task that stopped or failed, with how far it got (null if it never started). */
  public static TaskResult failed(
      String task, TaskError error, Timings timings, TrainingProgress training) {
    return new TaskResult(task, TaskOutcome.Failed, List.of(), timings, error, training);
  }
}
