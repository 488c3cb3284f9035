package dev.videogen.worker.task;

/**
 * Why a task could not finish, as the result's {@code error}: a CamelCase {@code reason} and a
 * message for people, and whether running it again could help. A permanent failure (an invalid
 * task, something this build cannot do, a checkpoint or input that is not there) makes the worker
 * exit with {@link TaskReport#EXIT_PERMANENT}, which the operator's pod failure policy does not
 * retry; any other exits with {@link TaskReport#EXIT_RETRY}.
 */
public final class TaskFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The task document is invalid or does not fit the model (size, format). */
  public static final String INVALID_TASK = "InvalidTask";

  /** The task needs something this worker build cannot do yet. */
  public static final String NOT_SUPPORTED = "NotSupported";

  /** No complete checkpoint at the task's checkpoint URI. */
  public static final String CHECKPOINT_NOT_FOUND = "CheckpointNotFound";

  /** The checkpoint is there but cannot be loaded (corrupt, another model). */
  public static final String CHECKPOINT_UNREADABLE = "CheckpointUnreadable";

  /** An input or earlier shard's artifact is missing or incomplete. */
  public static final String INPUT_NOT_FOUND = "InputNotFound";

  /** Reading or writing the artifact store failed (network, permissions, checksum). */
  public static final String STORE_ERROR = "StoreError";

  /** The JVM or the native engine ran out of memory. */
  public static final String OUT_OF_MEMORY = "OutOfMemory";

  /** The task was stopped (Ctrl-C, SIGTERM) before it finished. */
  public static final String INTERRUPTED = "Interrupted";

  /** Anything else: a bug, reported with its exception type. */
  public static final String INTERNAL = "Internal";

  private final String reason;
  private final boolean permanent;

  private TaskFailure(String reason, String message, boolean permanent, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.permanent = permanent;
  }

  /** A failure that the same task will meet again: not retried. */
  public static TaskFailure permanent(String reason, String message) {
    return new TaskFailure(reason, message, true, null);
  }

  public static TaskFailure permanent(String reason, String message, Throwable cause) {
    return new TaskFailure(reason, message, true, cause);
  }

  /** A failure that another attempt may not meet (network, memory, a crash). */
  public static TaskFailure retryable(String reason, String message, Throwable cause) {
    return new TaskFailure(reason, message, false, cause);
  }

  public String reason() {
    return reason;
  }

  public boolean permanent() {
    return permanent;
  }
}
