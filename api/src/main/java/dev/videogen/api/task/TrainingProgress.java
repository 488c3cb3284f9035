package dev.videogen.api.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How far a Train task has got: what the training pod publishes in its own annotation {@link
 * #ANNOTATION} while it runs (at most {@link #MAX_BYTES} bytes of JSON, {@link
 * TaskJson#write(TrainingProgress)}), and what its result reports when it ends. The operator folds
 * it into the TrainingRun's status.
 *
 * @param step optimiser steps done
 * @param totalSteps steps to do ({@code training.steps})
 * @param loss mean training loss over the steps since the previous report; null before the first
 *     step or when not finite
 * @param samplesPerSecond clips per second over the steps since the previous report
 * @param checkpoint the newest complete checkpoint, or null before the first
 * @param time when this was measured, RFC 3339 in UTC ({@code 2025-05-01T12:00:00Z})
 */
public record TrainingProgress(
    @JsonProperty(required = true) long step,
    @JsonProperty(required = true) long totalSteps,
    Double loss,
    Double samplesPerSecond,
    CheckpointReference checkpoint,
    String time) {
  /** The pod annotation the training worker writes its progress to. */
  public static final String ANNOTATION = "videogen.dev/progress";

  /** Most bytes of the annotation's JSON value. */
  public static final int MAX_BYTES = 1024;

  public TrainingProgress {
    if (step < 0) {
      throw new IllegalArgumentException("step must not be negative, got " + step);
    }
    Checks.positive(totalSteps, "totalSteps");
    if (loss != null && !Double.isFinite(loss)) {
      loss = null; // JSON has no NaN; a dropped step's loss is simply not reported
    }
    if (samplesPerSecond != null && !(samplesPerSecond >= 0 && Double.isFinite(samplesPerSecond))) {
      throw new IllegalArgumentException(
          "samplesPerSecond must be finite and not negative, got " + samplesPerSecond);
    }
    Checks.text(time, "time");
    if (time.length() > 64) {
      throw new IllegalArgumentException("time is longer than an RFC 3339 time: " + time);
    }
  }

  /** This progress without the checkpoint's URI (it is derived from its step). */
  public TrainingProgress withoutCheckpointUri() {
    return checkpoint == null || checkpoint.uri() == null
        ? this
        : new TrainingProgress(
            step,
            totalSteps,
            loss,
            samplesPerSecond,
            new CheckpointReference(null, checkpoint.step()),
            time);
  }
}
