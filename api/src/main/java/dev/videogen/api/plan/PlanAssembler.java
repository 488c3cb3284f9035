package dev.videogen.api.plan;

import dev.videogen.api.v1alpha1.spec.OutputFormat;
import dev.videogen.api.v1alpha1.spec.ShardingStrategy;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns the layout a strategy chose (which timeline frames each shard renders, which of them are
 * given by earlier shards) into shards: ownership, conditioning on earlier shards and on the job's
 * inputs, seeds, artifact keys, then the stitch and the stage dependencies.
 */
final class PlanAssembler {
  /** Prefix of the keys of intermediate artifacts (PNG frames of one shard). */
  static final String SHARD_PREFIX = "shards/";

  /**
   * One render shard to be: the timeline frames it renders ({@code [0, frames)} only), those of
   * them given clean by earlier shards, and whether it carries the input frames next to the start
   * and to the end of the result (when the job has any).
   */
  record Layout(FrameSet frames, FrameSet clean, boolean startEdge, boolean endEdge) {}

  private final PlanInputs in;
  private final String[] owner;
  private final Map<String, Integer> stageOf = new LinkedHashMap<>();
  private final List<String> stageNames = new ArrayList<>();
  private final List<List<Shard>> stageShards = new ArrayList<>();

  PlanAssembler(PlanInputs in) {
    this.in = in;
    this.owner = new String[in.frames()];
  }

  void addStage(String name, List<Layout> layouts) {
    int stage = stageNames.size();
    List<Shard> shards = new ArrayList<>();
    for (Layout layout : layouts) {
      shards.add(render(name + "-" + shards.size(), stage, shards.size(), layout));
    }
    stageNames.add(name);
    stageShards.add(shards);
  }

  Plan finish(ShardingStrategy strategy) {
    List<Shard> renders = stageShards.stream().flatMap(List::stream).toList();
    boolean joins = in.joinBefore() != null || in.joinAfter() != null;
    RenderShard only = renders.size() == 1 ? (RenderShard) renders.get(0) : null;
    if (only != null && !joins && only.frames().equals(only.owned())) {
      // One shard, nothing to join, and it renders no input frames beside its own (a Connect
      // renders the inputs' frames next to the transition): it writes the result itself.
      stageShards.set(
          0,
          List.of(
              new RenderShard(
                  only.id(),
                  0,
                  0,
                  only.operation(),
                  only.frames(),
                  only.owned(),
                  only.conditioning(),
                  only.seed(),
                  resultKey(),
                  in.format())));
    } else {
      String id = "stitch-0";
      stageNames.add("stitch");
      stageShards.add(
          List.of(
              new StitchShard(id, stageNames.size() - 1, 0, pieces(), resultKey(), in.format())));
    }
    List<Stage> stages = new ArrayList<>();
    for (int s = 0; s < stageNames.size(); s++) {
      List<Shard> shards = stageShards.get(s);
      int parallelism = Math.min(shards.size(), in.timeline().maxParallel());
      stages.add(new Stage(s, stageNames.get(s), parallelism, dependencies(shards), shards));
    }
    return new Plan(strategy, in.task(), in.timeline(), in.seed(), stages);
  }

  private RenderShard render(String id, int stage, int index, Layout layout) {
    FrameSet owned = layout.frames().minus(layout.clean());
    List<Conditioning> conditioning = new ArrayList<>();
    // Clean frames from earlier shards, one entry per shard, in timeline order.
    Map<String, FrameSet.Builder> byOwner = new LinkedHashMap<>();
    layout
        .clean()
        .frames()
        .forEach(
            p -> {
              if (owner[p] == null) {
                throw new IllegalStateException(id + ": frame " + p + " is not rendered yet");
              }
              byOwner.computeIfAbsent(owner[p], o -> new FrameSet.Builder()).add(p);
            });
    byOwner.forEach(
        (o, frames) ->
            conditioning.add(
                new Conditioning(ConditioningMode.Clean, new ShardFrames(o), frames.build())));
    FrameSet frames = layout.frames();
    if (layout.startEdge() && in.head() != null) {
      FrameSet before = FrameSet.of(-in.headFrames(), 0);
      conditioning.add(0, new Conditioning(ConditioningMode.Clean, in.head(), before));
      frames = before.union(frames);
    }
    if (layout.endEdge() && in.tail() != null) {
      FrameSet after = FrameSet.of(in.frames(), in.frames() + in.tailFrames());
      conditioning.add(new Conditioning(ConditioningMode.Clean, in.tail(), after));
      frames = frames.union(after);
    }
    if (in.image() != null && owned.contains(0)) {
      conditioning.add(0, new Conditioning(ConditioningMode.Clean, in.image(), FrameSet.of(0, 1)));
    }
    if (in.guide() != null) {
      for (FrameRange run : owned.runs()) {
        InputFrames source = new InputFrames(in.guide(), run, FrameAnchor.Start);
        conditioning.add(new Conditioning(ConditioningMode.Guide, source, FrameSet.of(run)));
      }
    }
    owned
        .frames()
        .forEach(
            p -> {
              if (owner[p] != null) {
                throw new IllegalStateException(id + ": frame " + p + " owned by " + owner[p]);
              }
              owner[p] = id;
            });
    stageOf.put(id, stage);
    return new RenderShard(
        id,
        stage,
        index,
        operation(owned, conditioning),
        frames,
        owned,
        conditioning,
        ShardSeeds.derive(in.seed(), id),
        SHARD_PREFIX + id,
        OutputFormat.png);
  }

  private VideoTask operation(FrameSet owned, List<Conditioning> conditioning) {
    if (in.task() == VideoTask.Image) {
      return VideoTask.Image;
    }
    if (conditioning.stream().anyMatch(c -> c.mode() == ConditioningMode.Guide)) {
      return VideoTask.Edit;
    }
    if (conditioning.stream().anyMatch(c -> c.source().equals(in.image()))) {
      return VideoTask.ImageToVideo;
    }
    boolean before = conditioning.stream().anyMatch(c -> c.target().first() < owned.first());
    boolean after = conditioning.stream().anyMatch(c -> c.target().last() > owned.last());
    if (before && after) {
      return VideoTask.Connect;
    }
    return before || after ? VideoTask.Extend : VideoTask.TextToVideo;
  }

  /** The result in timeline order: runs of frames with the same owner, and joined inputs. */
  private List<StitchPiece> pieces() {
    List<StitchPiece> pieces = new ArrayList<>();
    if (in.joinBefore() != null) {
      pieces.add(new StitchPiece(InputFrames.whole(in.joinBefore()), null));
    }
    int start = 0;
    for (int p = 1; p <= owner.length; p++) {
      if (p == owner.length || !owner[p].equals(owner[start])) {
        pieces.add(new StitchPiece(new ShardFrames(owner[start]), new FrameRange(start, p)));
        start = p;
      }
    }
    if (in.joinAfter() != null) {
      pieces.add(new StitchPiece(InputFrames.whole(in.joinAfter()), null));
    }
    return pieces;
  }

  private List<Integer> dependencies(List<Shard> shards) {
    TreeSet<Integer> stages = new TreeSet<>();
    for (Shard shard : shards) {
      if (shard instanceof RenderShard render) {
        for (Conditioning c : render.conditioning()) {
          if (c.source() instanceof ShardFrames from) {
            stages.add(stageOf.get(from.shard()));
          }
        }
      } else if (shard instanceof StitchShard stitch) {
        for (StitchPiece piece : stitch.pieces()) {
          if (piece.source() instanceof ShardFrames from) {
            stages.add(stageOf.get(from.shard()));
          }
        }
      }
    }
    return List.copyOf(stages);
  }

  private String resultKey() {
    if (in.task() == VideoTask.Image) {
      return "image.png";
    }
    // A video as PNG is a directory of numbered frames.
    return in.format() == OutputFormat.png ? "video" : "video." + in.format().name();
  }
}
