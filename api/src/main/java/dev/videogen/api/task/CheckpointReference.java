package dev.videogen.api.task;

/**
 * A complete checkpoint a Train task wrote: its step and its URI, {@code <checkpoint.location>/}
 * {@link #key}. In a progress annotation the URI is left out when it would make the annotation
 * longer than {@link TrainingProgress#MAX_BYTES}; {@link #uri(String, long)} derives it.
 *
 * @param uri the checkpoint directory's URI, or null
 * @param step the optimiser steps it holds
 */
public record CheckpointReference(String uri, long step) {
  public CheckpointReference {
    Checks.optionalUri(uri, "checkpoint.uri");
    if (step < 0) {
      throw new IllegalArgumentException("checkpoint.step must not be negative, got " + step);
    }
  }

  /**
   * The directory name of the checkpoint of {@code step}: {@code step-} and the step in at least 8
   * digits ({@code step-00001200}).
   */
  public static String key(long step) {
    return String.format("step-%08d", step);
  }

  /** The URI of the checkpoint of {@code step} under {@code location}. */
  public static String uri(String location, long step) {
    String base = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    return base + "/" + key(step);
  }
}
