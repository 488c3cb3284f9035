package dev.videogen.api.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A set of timeline frames as ascending runs: a contiguous segment is one run, sparse keyframes are
 * many one-frame runs. Runs never touch (adjacent runs are merged), so equal sets are equal
 * records. A shard's artifact holds the frames of its set in ascending order: the {@code i}-th
 * frame of the artifact is the set's {@code i}-th position ({@link #indexOf}).
 */
public record FrameSet(List<FrameRange> runs) {
  public static final FrameSet EMPTY = new FrameSet(List.of());

  public FrameSet {
    runs = List.copyOf(runs);
    for (int i = 1; i < runs.size(); i++) {
      if (runs.get(i).start() <= runs.get(i - 1).end()) {
        throw new IllegalArgumentException(
            "frame runs must be ascending and not touch, got " + runs.get(i - 1) + runs.get(i));
      }
    }
  }

  public static FrameSet of(int start, int end) {
    return new FrameSet(List.of(new FrameRange(start, end)));
  }

  public static FrameSet of(FrameRange range) {
    return new FrameSet(List.of(range));
  }

  /** The set of the given positions, which must be ascending and distinct. */
  public static FrameSet ofPositions(int... positions) {
    Builder builder = new Builder();
    for (int p : positions) {
      builder.add(p);
    }
    return builder.build();
  }

  /** Number of frames. */
  public int size() {
    int size = 0;
    for (FrameRange run : runs) {
      size += run.length();
    }
    return size;
  }

  public boolean isEmpty() {
    return runs.isEmpty();
  }

  public int first() {
    return runs.get(0).start();
  }

  /** The last frame (inclusive). */
  public int last() {
    return runs.get(runs.size() - 1).end() - 1;
  }

  public boolean contains(int frame) {
    return indexOf(frame) >= 0;
  }

  /** The index of {@code frame} among the set's frames (its frame in the artifact), or -1. */
  public int indexOf(int frame) {
    int offset = 0;
    for (FrameRange run : runs) {
      if (run.contains(frame)) {
        return offset + frame - run.start();
      }
      if (frame < run.start()) {
        return -1;
      }
      offset += run.length();
    }
    return -1;
  }

  public IntStream frames() {
    return runs.stream().flatMapToInt(r -> IntStream.range(r.start(), r.end()));
  }

  public boolean containsAll(FrameSet other) {
    return other.minus(this).isEmpty();
  }

  public FrameSet union(FrameSet other) {
    return merge(other, true, true);
  }

  public FrameSet minus(FrameSet other) {
    return merge(other, true, false);
  }

  public FrameSet intersect(FrameSet other) {
    return merge(other, false, true);
  }

  /** Mirrors the set on a timeline of {@code frames} frames: frame p becomes frames - 1 - p. */
  public FrameSet mirror(int frames) {
    List<FrameRange> mirrored = new ArrayList<>(runs.size());
    for (int i = runs.size() - 1; i >= 0; i--) {
      FrameRange run = runs.get(i);
      mirrored.add(new FrameRange(frames - run.end(), frames - run.start()));
    }
    return new FrameSet(mirrored);
  }

  // Sweeps the boundaries of both sets; keepThis/keepBoth select union, difference or intersection.
  private FrameSet merge(FrameSet other, boolean keepThisOnly, boolean keepBoth) {
    Builder builder = new Builder();
    List<Integer> cuts = new ArrayList<>();
    for (FrameSet set : List.of(this, other)) {
      for (FrameRange run : set.runs) {
        cuts.add(run.start());
        cuts.add(run.end());
      }
    }
    cuts.sort(null);
    for (int i = 0; i + 1 < cuts.size(); i++) {
      int from = cuts.get(i);
      int to = cuts.get(i + 1);
      if (from == to) {
        continue;
      }
      boolean inThis = contains(from);
      boolean inOther = other.contains(from);
      boolean keep =
          (inThis && inOther && keepBoth)
              || (inThis && !inOther && keepThisOnly)
              || (!inThis && inOther && keepBoth && keepThisOnly);
      if (keep) {
        builder.add(new FrameRange(from, to));
      }
    }
    return builder.build();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("{");
    for (FrameRange run : runs) {
      if (text.length() > 1) {
        text.append(' ');
      }
      text.append(run.length() == 1 ? Integer.toString(run.start()) : run.toString());
    }
    return text.append('}').toString();
  }

  /** Collects ascending frames or runs into a set, merging runs that touch. */
  public static final class Builder {
    private final List<FrameRange> runs = new ArrayList<>();

    public Builder add(int frame) {
      return add(new FrameRange(frame, frame + 1));
    }

    public Builder add(FrameRange range) {
      if (runs.isEmpty()) {
        runs.add(range);
        return this;
      }
      FrameRange last = runs.get(runs.size() - 1);
      if (range.start() < last.end()) {
        throw new IllegalArgumentException(
            "frames must be added in ascending order: " + range + " after " + last);
      }
      if (range.start() == last.end()) {
        runs.set(runs.size() - 1, new FrameRange(last.start(), range.end()));
      } else {
        runs.add(range);
      }
      return this;
    }

    public FrameSet build() {
      return new FrameSet(runs);
    }
  }
}
