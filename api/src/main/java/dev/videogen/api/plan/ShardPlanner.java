package dev.videogen.api.plan;

import dev.videogen.api.plan.PlanAssembler.Layout;
import dev.videogen.api.v1alpha1.VideoJobSpec;
import dev.videogen.api.v1alpha1.spec.ShardingStrategy;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import java.util.ArrayList;
import java.util.List;

/**
 * The long-video planner: a pure function from a VideoJob spec to the {@link Plan} the operator
 * runs as Jobs and the local runner runs in-process. Strategies (docs/planner.md):
 *
 * <ul>
 *   <li>Single: one shard renders the whole result (also every Image job, and any video that fits
 *       one segment).
 *   <li>Sequential: segment i extends segment i-1 from its last overlapFrames frames; one stage per
 *       segment.
 *   <li>KeyframesThenFill: one shard renders sparse keyframes over the whole video, then every gap
 *       is filled in parallel conditioned on both ends ({@link KeyframeHierarchy}).
 *   <li>Auto: Single if the video fits one segment; Sequential if maxParallel is 1; otherwise
 *       KeyframesThenFill, unless Sequential has the shorter critical path or KeyframesThenFill
 *       would exceed {@link Plan#MAX_SHARDS} (segments too short for its keyframes).
 * </ul>
 *
 * Shard seeds derive from {@code sampling.seed} and the shard id, not from the resource's uid, so
 * the same spec renders the same video whenever and wherever it runs.
 */
public final class ShardPlanner {
  private ShardPlanner() {}

  /**
   * Plans {@code spec}.
   *
   * @throws PlanningException when the spec cannot be planned, with the field to change
   */
  public static Plan plan(VideoJobSpec spec) {
    PlanInputs in = PlanInputs.from(spec);
    Timeline t = in.timeline();
    int edges = in.headFrames() + in.tailFrames();
    boolean fits = (long) in.frames() + edges <= t.segmentFrames();
    if (in.task() == VideoTask.Image || in.strategy() == ShardingStrategy.Single || fits) {
      Layout whole = new Layout(FrameSet.of(0, in.frames()), FrameSet.EMPTY, true, true);
      return assemble(
          in, new Candidate(ShardingStrategy.Single, List.of("render"), List.of(List.of(whole))));
    }
    return switch (in.strategy()) {
      case Sequential -> assemble(in, checkCount(sequential(in)));
      case KeyframesThenFill -> assemble(in, checkCount(keyframesThenFill(in)));
      default -> auto(in);
    };
  }

  /** A strategy's layout: the render shards of each stage, before the stitch. */
  private record Candidate(
      ShardingStrategy strategy, List<String> names, List<List<Layout>> stages) {
    int shards() {
      return stages.stream().mapToInt(List::size).sum() + 1;
    }
  }

  private static Plan assemble(PlanInputs in, Candidate candidate) {
    PlanAssembler plan = new PlanAssembler(in);
    for (int s = 0; s < candidate.stages().size(); s++) {
      plan.addStage(candidate.names().get(s), candidate.stages().get(s));
    }
    return plan.finish(candidate.strategy());
  }

  private static Plan auto(PlanInputs in) {
    List<Plan> plans = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (ShardingStrategy strategy :
        List.of(ShardingStrategy.Sequential, ShardingStrategy.KeyframesThenFill)) {
      try {
        Candidate candidate =
            strategy == ShardingStrategy.Sequential ? sequential(in) : keyframesThenFill(in);
        plans.add(assemble(in, checkCount(candidate)));
      } catch (PlanningException e) {
        reasons.add(e.getMessage().replaceFirst("^sharding: ", ""));
      }
    }
    if (plans.isEmpty()) {
      throw new PlanningException("sharding: no strategy can split this video: " + reasons);
    }
    if (plans.size() == 1 || in.timeline().maxParallel() == 1) {
      return plans.get(0);
    }
    Plan sequential = plans.get(0);
    Plan keyframes = plans.get(1);
    return sequential.criticalPathFrames() < keyframes.criticalPathFrames()
        ? sequential
        : keyframes;
  }

  private static boolean sequentialFits(PlanInputs in) {
    Timeline t = in.timeline();
    int start = in.backward() ? in.tailFrames() : in.headFrames();
    int end = in.backward() ? in.headFrames() : in.tailFrames();
    return SequentialLayout.fits(t.segmentFrames(), t.overlapFrames(), start, end);
  }

  private static Candidate sequential(PlanInputs in) {
    Timeline t = in.timeline();
    if (!sequentialFits(in)) {
      throw new PlanningException(
          "sharding: a Sequential segment of "
              + t.segmentFrames()
              + " frames (sharding.segmentSeconds × output.fps) must hold "
              + Math.max(t.overlapFrames() + in.tailFrames(), in.headFrames())
              + " frames of conditioning (sharding.overlapFrames"
              + (in.headFrames() + in.tailFrames() > 0
                  ? " and the frames taken from the input video"
                  : "")
              + ") and at least one new frame: raise sharding.segmentSeconds or lower"
              + " sharding.overlapFrames");
    }
    int n = in.frames();
    // Backward extension renders from the end of the result towards its start: lay out the
    // mirrored timeline forward, then mirror every segment back.
    boolean backward = in.backward();
    List<SequentialLayout.Segment> segments =
        SequentialLayout.segments(
            n,
            t.segmentFrames(),
            t.overlapFrames(),
            backward ? in.tailFrames() : in.headFrames(),
            backward ? in.headFrames() : in.tailFrames());
    List<String> names = new ArrayList<>();
    List<List<Layout>> stages = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      SequentialLayout.Segment segment = segments.get(i);
      int start = segment.owned().start();
      FrameSet frames = FrameSet.of(start - segment.overlap(), segment.owned().end());
      FrameSet clean =
          segment.overlap() == 0 ? FrameSet.EMPTY : FrameSet.of(start - segment.overlap(), start);
      boolean first = i == 0;
      boolean last = i == segments.size() - 1;
      Layout layout =
          backward
              ? new Layout(frames.mirror(n), clean.mirror(n), last, first)
              : new Layout(frames, clean, first, last);
      names.add("segment-" + i);
      stages.add(List.of(layout));
    }
    return new Candidate(ShardingStrategy.Sequential, names, stages);
  }

  private static Candidate keyframesThenFill(PlanInputs in) {
    Timeline t = in.timeline();
    int edges = in.headFrames() + in.tailFrames();
    // Input frames next to the result ride along in the shards at the edges; keep room for them in
    // every shard so that no shard renders more than a segment.
    int budget = t.segmentFrames() - edges;
    if (budget < 3) {
      throw new PlanningException(
          "sharding: KeyframesThenFill needs shards of at least 3 frames besides the "
              + edges
              + " frames taken from the input video, but a segment is "
              + t.segmentFrames()
              + " frames (sharding.segmentSeconds × output.fps): raise sharding.segmentSeconds"
              + (edges > 0 ? " or lower sharding.overlapFrames" : ""));
    }
    int n = in.frames();
    List<List<KeyframeHierarchy.Node>> levels = KeyframeHierarchy.build(n, budget);
    List<String> names = new ArrayList<>();
    List<List<Layout>> stages = new ArrayList<>();
    for (int level = 0; level < levels.size(); level++) {
      List<Layout> layouts = new ArrayList<>();
      for (KeyframeHierarchy.Node node : levels.get(level)) {
        FrameSet clean =
            node.left() < 0 ? FrameSet.EMPTY : FrameSet.ofPositions(node.left(), node.right());
        FrameSet frames = node.frames();
        layouts.add(new Layout(frames, clean, frames.first() == 0, frames.last() == n - 1));
      }
      names.add(level == 0 ? "keyframes" : levels.size() == 2 ? "fill" : "fill-" + level);
      stages.add(layouts);
    }
    return new Candidate(ShardingStrategy.KeyframesThenFill, names, stages);
  }

  private static Candidate checkCount(Candidate candidate) {
    if (candidate.shards() > Plan.MAX_SHARDS) {
      throw new PlanningException(
          "sharding: "
              + candidate.strategy()
              + " would need "
              + candidate.shards()
              + " shards, more than "
              + Plan.MAX_SHARDS
              + ": raise sharding.segmentSeconds"
              + (candidate.strategy() == ShardingStrategy.Sequential
                  ? " or lower sharding.overlapFrames"
                  : ""));
    }
    return candidate;
  }
}
