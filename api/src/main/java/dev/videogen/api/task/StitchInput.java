package dev.videogen.api.task;

import dev.videogen.api.plan.FrameRange;

/** Frames {@code frames} (indices into the file) of {@code uri}, or all of it when null. */
public record StitchInput(String uri, FrameRange frames) {
  public StitchInput {
    Checks.uri(uri, "inputs.uri");
    if (frames != null && frames.start() < 0) {
      throw new IllegalArgumentException("inputs.frames cannot be negative");
    }
  }
}
