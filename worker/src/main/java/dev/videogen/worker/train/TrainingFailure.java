package dev.videogen.worker.train;

/**
 * A training task that failed for a known reason, which becomes the result's {@code error.reason}
 * (the same words as the other tasks' results: docs/task-contract.md). All of these are permanent:
 * running the task again cannot help, so {@link TrainingTaskRunner#exitCode} gives them exit code
 * 2.
 */
public final class TrainingFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  private TrainingFailure(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The task is malformed or contradicts its inputs; the message says what to change. */
  public static TrainingFailure invalidTask(String message, Throwable cause) {
    return new TrainingFailure("InvalidTask", message, cause);
  }

  /** The task asks for something this worker build cannot do. */
  public static TrainingFailure notSupported(String message) {
    return new TrainingFailure("NotSupported", message, null);
  }

  /** {@code resumeFrom} names no complete checkpoint. */
  public static TrainingFailure checkpointNotFound(String message, Throwable cause) {
    return new TrainingFailure("CheckpointNotFound", message, cause);
  }

  /** A checkpoint's files do not match its manifest. */
  public static TrainingFailure checkpointUnreadable(String message) {
    return new TrainingFailure("CheckpointUnreadable", message, null);
  }

  /** An input the task names (the dataset's captions or a clip) is missing. */
  public static TrainingFailure inputNotFound(String message, Throwable cause) {
    return new TrainingFailure("InputNotFound", message, cause);
  }

  /** The loss stayed non-finite; the same seed and data would diverge again. */
  public static TrainingFailure diverged(String message) {
    return new TrainingFailure("Diverged", message, null);
  }

  public String reason() {
    return reason;
  }
}
