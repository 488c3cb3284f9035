package dev.videogen.api.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a timeline of {@code frames} frames into Sequential segments, first to last: each segment
 * renders at most {@code segmentFrames} frames, of which the first {@code overlap} are the last
 * frames of the previous segment (given clean) and the rest are new. The first segment may also
 * carry {@code startEdge} input frames before frame 0, the last one {@code endEdge} after the end.
 */
final class SequentialLayout {
  /** New frames {@code owned}, after {@code overlap} frames of the previous segment. */
  record Segment(FrameRange owned, int overlap) {}

  private SequentialLayout() {}

  /** Whether a layout exists: every segment can hold its conditioning and one new frame. */
  static boolean fits(int segmentFrames, int overlap, int startEdge, int endEdge) {
    return segmentFrames >= startEdge + 1 && segmentFrames >= overlap + endEdge + 1;
  }

  static List<Segment> segments(
      int frames, int segmentFrames, int overlap, int startEdge, int endEdge) {
    if (!fits(segmentFrames, overlap, startEdge, endEdge)) {
      throw new IllegalArgumentException("segments too short; check fits() first");
    }
    List<Segment> segments = new ArrayList<>();
    int position = 0;
    int previous = 0;
    while (position < frames) {
      int head = segments.isEmpty() ? startEdge : Math.min(overlap, previous);
      int capacity = segmentFrames - head;
      int remaining = frames - position;
      // The last segment also holds the end edge; until then leave at least one frame for it.
      int owned = remaining + endEdge <= capacity ? remaining : Math.min(capacity, remaining - 1);
      segments.add(
          new Segment(new FrameRange(position, position + owned), segments.isEmpty() ? 0 : head));
      position += owned;
      previous = owned;
    }
    return segments;
  }
}
