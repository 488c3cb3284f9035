package dev.videogen.api.task;

import dev.videogen.api.plan.ConditioningMode;
import dev.videogen.api.plan.FrameAnchor;
import dev.videogen.api.plan.FrameRange;

/**
 * Frames a Render task is conditioned on: {@code sourceFrames} of the file at {@code source} go to
 * {@code targetFrames} of the task's frames (0 is the task's first frame), as given frames (Clean)
 * or as the SDEdit start (Guide).
 *
 * @param sourceAnchor Start: source indices count from the first frame; End: from one past the
 *     last, so {@code [-4, 0)} is the last four frames (for input videos of unknown length)
 */
public record ConditioningFrames(
    String source,
    FrameRange sourceFrames,
    FrameAnchor sourceAnchor,
    FrameRange targetFrames,
    ConditioningMode mode) {
  public ConditioningFrames {
    Checks.uri(source, "conditioning.source");
    Checks.present(sourceFrames, "conditioning.sourceFrames");
    Checks.present(targetFrames, "conditioning.targetFrames");
    Checks.present(mode, "conditioning.mode");
    if (sourceAnchor == null) {
      sourceAnchor = FrameAnchor.Start;
    }
    if (sourceFrames.length() != targetFrames.length()) {
      throw new IllegalArgumentException(
          "conditioning.sourceFrames "
              + sourceFrames
              + " and targetFrames "
              + targetFrames
              + " differ in length");
    }
    if (sourceAnchor == FrameAnchor.Start ? sourceFrames.start() < 0 : sourceFrames.end() > 0) {
      throw new IllegalArgumentException(
          "conditioning.sourceFrames "
              + sourceFrames
              + (sourceAnchor == FrameAnchor.Start
                  ? " cannot be negative when counted from the start"
                  : " must be negative when counted from the end"));
    }
    if (targetFrames.start() < 0) {
      throw new IllegalArgumentException("conditioning.targetFrames cannot be negative");
    }
  }
}
