package dev.videogen.worker.local;

import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.status.CheckpointRecord;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * How {@code worker run} trains a TrainingRun in this process: to {@code spec.training.steps}, with
 * checkpoints under {@code spec.checkpoint.location}, resuming from the latest one there. A
 * stand-in until the training task (a Train task with checkpoints through the artifact store) runs
 * TrainingRuns the way pods will; only this interface is used by the runner.
 */
public interface LocalTraining {
  /**
   * Trains {@code run}; stops early, after writing a checkpoint, once {@code stop} is true.
   *
   * @param autoencoder the checkpoint URI {@code spec.autoencoder} resolves to; null without one
   * @throws dev.videogen.worker.task.TaskFailure (permanent) for a spec this build cannot train
   */
  Result train(TrainingRun run, String autoencoder, Listener listener, BooleanSupplier stop)
      throws IOException;

  /**
   * Where training got to.
   *
   * @param checkpoints complete checkpoints, oldest first; the last is the one VideoJobs use
   * @param stopped training stopped before its last step because a stop was asked for
   */
  record Result(
      long step,
      long totalSteps,
      Double loss,
      Double samplesPerSecond,
      List<CheckpointRecord> checkpoints,
      boolean stopped) {
    public Result {
      checkpoints = List.copyOf(checkpoints);
    }

    /** The newest complete checkpoint, or null. */
    public CheckpointRecord latest() {
      return checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
    }
  }

  /** Hears training start and each step. */
  interface Listener {
    /** A line worth showing before training starts (what was measured or loaded). */
    default void note(String line) {}

    void started(long step, long totalSteps, String message);

    void step(long step, long totalSteps, double loss);
  }
}
