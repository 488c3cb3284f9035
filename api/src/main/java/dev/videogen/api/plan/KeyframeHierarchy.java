package dev.videogen.api.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The coarse-to-fine tree of KeyframesThenFill (after NUWA-XL). Level 0 is one shard rendering
 * sparse keyframes over the whole timeline, first and last frame included. Every gap between two
 * neighbouring frames rendered so far is then filled by one shard of the next level, conditioned on
 * both ends: at full frame rate when the gap fits in one shard, else with sparse frames that the
 * level after fills in turn. No shard renders more than {@code budget} frames of the timeline, so
 * memory stays bounded however long the video is, and the number of levels grows with the logarithm
 * of its length.
 */
final class KeyframeHierarchy {
  /**
   * A shard of the tree: the timeline frames it renders; {@code left} and {@code right} are the
   * frames it is conditioned on (rendered by an earlier level), or -1 on level 0.
   */
  record Node(int level, FrameSet frames, int left, int right) {}

  private KeyframeHierarchy() {}

  /** The nodes by level, each level in timeline order. Needs {@code frames > budget >= 3}. */
  static List<List<Node>> build(int frames, int budget) {
    if (budget < 3 || frames <= budget) {
      throw new IllegalArgumentException("needs frames > budget >= 3");
    }
    List<List<Node>> levels = new ArrayList<>();
    FrameSet keyframes = spread(0, frames - 1, budget);
    add(levels, new Node(0, keyframes, -1, -1));
    fillGaps(levels, keyframes, 1, budget);
    return levels;
  }

  private static void fillGaps(List<List<Node>> levels, FrameSet parent, int level, int budget) {
    int[] positions = parent.frames().toArray();
    for (int i = 0; i + 1 < positions.length; i++) {
      int left = positions[i];
      int right = positions[i + 1];
      int gap = right - left;
      if (gap <= 1) {
        continue; // neighbours: nothing between them to render
      }
      if (gap <= budget - 1) {
        add(levels, new Node(level, FrameSet.of(left, right + 1), left, right));
      } else {
        FrameSet sparse = spread(left, right, budget);
        add(levels, new Node(level, sparse, left, right));
        fillGaps(levels, sparse, level + 1, budget);
      }
    }
  }

  /**
   * Frames from {@code first} to {@code last} (both included) as evenly spaced as integers allow,
   * as few as leave every gap fillable by the levels below: a gap of up to {@code (budget-1)^k}
   * frames needs k more levels, since a shard spans at most {@code budget - 1} gaps.
   */
  static FrameSet spread(int first, int last, int budget) {
    long span = (long) last - first;
    long below = budget - 1; // largest gap the levels below this one can fill
    while (below * (budget - 1) < span) {
      below *= budget - 1;
    }
    int gaps = (int) ((span + below - 1) / below); // at most budget - 1
    FrameSet.Builder builder = new FrameSet.Builder();
    for (int i = 0; i <= gaps; i++) {
      builder.add(first + (int) (i * span / gaps));
    }
    return builder.build();
  }

  private static void add(List<List<Node>> levels, Node node) {
    while (levels.size() <= node.level()) {
      levels.add(new ArrayList<>());
    }
    levels.get(node.level()).add(node);
  }
}
