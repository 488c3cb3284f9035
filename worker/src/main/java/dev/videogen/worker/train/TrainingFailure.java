package dev.videogen.worker.train;

/**
 * A training task that failed for a known reason, which becomes the result's {@code error.reason}.
 * All of these are permanent: running the task again cannot help (a bad task, a missing input, a
 * run that diverges deterministically), so {@link TrainingTaskRunner#exitCode} gives them the
 * invalid-task exit code.
 */
public final class TrainingFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  private TrainingFailure(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The task asks for something this worker cannot do; the message says what to change. */
  public static TrainingFailure invalidTask(String message) {
    return new TrainingFailure("InvalidTask", message, null);
  }

  public static TrainingFailure invalidTask(String message, Throwable cause) {
    return new TrainingFailure("InvalidTask", message, cause);
  }

  /** An input the task names (resumeFrom, the dataset) is missing or incomplete. */
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
