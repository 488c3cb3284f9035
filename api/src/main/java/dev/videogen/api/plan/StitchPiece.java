package dev.videogen.api.plan;

/**
 * A run of the finished video: the timeline frames {@code frames} of a shard's artifact, or a whole
 * input video joined to the result ({@code frames} null, for Extend).
 */
public record StitchPiece(FrameSource source, FrameRange frames) {
  public StitchPiece {
    if (source instanceof ShardFrames && frames == null) {
      throw new IllegalArgumentException("a stitch piece from a shard needs its frames");
    }
  }
}
