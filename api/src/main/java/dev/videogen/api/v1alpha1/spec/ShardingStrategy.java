package dev.videogen.api.v1alpha1.spec;

/** How a long video is split across worker pods (see docs/ and the planner). */
public enum ShardingStrategy {
  /**
   * Single when the video fits one segment; Sequential when maxParallel is 1; else
   * KeyframesThenFill, unless Sequential is faster or KeyframesThenFill would need too many shards.
   */
  Auto,
  /** One pod renders the whole video. */
  Single,
  /** Segment i extends segment i-1 from its last overlapFrames: bounded memory, no parallelism. */
  Sequential,
  /** Sparse keyframes over the whole video first, then every gap filled in parallel. */
  KeyframesThenFill
}
