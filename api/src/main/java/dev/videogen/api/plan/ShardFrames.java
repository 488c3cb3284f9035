package dev.videogen.api.plan;

/**
 * Frames of the artifact of the shard with this id. The frames are named by their timeline
 * positions, which the referenced shard owns; they are the same positions in the referencing shard.
 */
public record ShardFrames(String shard) implements FrameSource {
  public ShardFrames {
    if (shard == null || shard.isBlank()) {
      throw new IllegalArgumentException("a shard reference needs the shard id");
    }
  }
}
