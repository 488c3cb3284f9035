package dev.videogen.api.task;

/** A task or result JSON that this build cannot read; the message says where and why. */
public class TaskFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public TaskFormatException(String message) {
    super(message);
  }

  public TaskFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
