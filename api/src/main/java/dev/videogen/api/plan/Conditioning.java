package dev.videogen.api.plan;

/**
 * Frames a render shard is conditioned on, and the timeline positions ({@code target}) they take in
 * the shard. From a shard, the source frames are the target positions themselves; from an input
 * file, its {@code frames} (a contiguous range of the same length as the single-run target).
 */
public record Conditioning(ConditioningMode mode, FrameSource source, FrameSet target) {
  public Conditioning {
    if (mode == null || source == null || target == null || target.isEmpty()) {
      throw new IllegalArgumentException("conditioning needs a mode, a source and target frames");
    }
    if (source instanceof InputFrames input) {
      if (input.frames() == null) {
        throw new IllegalArgumentException("conditioning on an input needs its frame range");
      }
      if (target.runs().size() != 1 || target.size() != input.frames().length()) {
        throw new IllegalArgumentException(
            "input frames " + input.frames() + " do not match target frames " + target);
      }
    }
  }
}
