package dev.videogen.api.task;

import dev.videogen.api.v1alpha1.spec.CheckpointSpec;

/**
 * Where a Train task writes checkpoints and resumes from, as in {@code
 * TrainingRun.spec.checkpoint}: one directory {@code step-<n>} per checkpoint ({@link
 * CheckpointReference#key}) under {@code location}.
 *
 * @param location URI prefix of the run's checkpoints
 * @param everySteps steps between checkpoints (default 500); one is also written at the end and on
 *     SIGTERM
 * @param keep complete checkpoints kept, the newest (default 3); older ones are deleted
 */
public record CheckpointSettings(String location, Long everySteps, Integer keep) {
  public CheckpointSettings {
    Checks.uri(location, "checkpoint.location");
    Checks.range(everySteps, 1, Long.MAX_VALUE, "checkpoint.everySteps");
    Checks.range(keep, 1, 1000, "checkpoint.keep");
  }

  /** The task's settings for a TrainingRun's {@code spec.checkpoint}. */
  public static CheckpointSettings of(CheckpointSpec spec) {
    Checks.present(spec, "checkpoint");
    return new CheckpointSettings(spec.getLocation(), spec.getEverySteps(), spec.getKeep());
  }
}
