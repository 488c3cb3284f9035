package dev.videogen.api.plan;

/**
 * Frames {@code [start, end)}: in a plan, positions on the output timeline (frame 0 is the first
 * frame of the rendered video); in a task document, indices into one artifact or input file.
 */
public record FrameRange(int start, int end) {
  public FrameRange {
    if (end <= start) {
      throw new IllegalArgumentException(
          "frame range [" + start + ", " + end + ") is empty: end must be greater than start");
    }
  }

  public static FrameRange of(int start, int end) {
    return new FrameRange(start, end);
  }

  /** Number of frames. */
  public int length() {
    return end - start;
  }

  public boolean contains(int frame) {
    return frame >= start && frame < end;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
