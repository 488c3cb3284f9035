package dev.videogen.worker.train;

/**
 * A training task that failed for a known reason: {@code reason} becomes the result's {@code
 * error.reason}, and {@code final} says whether running the task again cannot help (a bad task, a
 * missing input, a run that diverges deterministically), which the exit code tells the Job.
 */
public final class TrainingFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final boolean permanent;

  private TrainingFailure(String reason, boolean permanent, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.permanent = permanent;
  }

  /** The task asks for something this worker cannot do; the message says what to change. */
  public static TrainingFailure invalidTask(String message) {
    return new TrainingFailure("InvalidTask", true, message, null);
  }

  public static TrainingFailure invalidTask(String message, Throwable cause) {
    return new TrainingFailure("InvalidTask", true, message, cause);
  }

  /** An input the task names (resumeFrom, the dataset) is missing or incomplete. */
  public static TrainingFailure inputNotFound(String message, Throwable cause) {
    return new TrainingFailure("InputNotFound", true, message, cause);
  }

  /** The loss stayed non-finite; the same seed and data would diverge again. */
  public static TrainingFailure diverged(String message) {
    return new TrainingFailure("Diverged", true, message, null);
  }

  public String reason() {
    return reason;
  }

  /** Whether another attempt of the same task would fail the same way. */
  public boolean permanent() {
    return permanent;
  }
}
