package dev.videogen.api.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a task's wall time went, in seconds; parts a task does not have are null. {@code load} is
 * reading the checkpoint and inputs, {@code render} sampling, {@code encode} writing the frames or
 * the video, {@code upload} copying to the artifact store.
 */
public record Timings(
    @JsonProperty(required = true) double totalSeconds,
    Double loadSeconds,
    Double renderSeconds,
    Double encodeSeconds,
    Double uploadSeconds) {
  public Timings {
    for (Double seconds :
        new Double[] {totalSeconds, loadSeconds, renderSeconds, encodeSeconds, uploadSeconds}) {
      if (seconds != null && !(seconds >= 0 && seconds < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("timings must be finite and not negative: " + seconds);
      }
    }
  }
}
