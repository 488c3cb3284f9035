package dev.videogen.api.task;

/**
 * Why a task failed: a CamelCase {@code reason} for machines (e.g. {@code InvalidTask}, {@code
 * InputNotFound}, {@code OutOfMemory}, {@code Internal}) and a {@code message} for people, which
 * {@link TaskJson} shortens when the result would not fit the termination message.
 */
public record TaskError(String reason, String message) {
  public TaskError {
    if (reason == null || !reason.matches("[A-Z][A-Za-z0-9]{0,63}")) {
      throw new IllegalArgumentException(
          "error.reason must be a CamelCase word of at most 64 characters, got " + reason);
    }
    if (message == null) {
      message = "";
    }
  }
}
