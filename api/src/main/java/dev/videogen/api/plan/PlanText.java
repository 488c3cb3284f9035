package dev.videogen.api.plan;

/** A plain-text rendering of a plan, one line per shard, for logs, docs and the benchmark. */
public final class PlanText {
  private PlanText() {}

  public static String describe(Plan plan) {
    Timeline t = plan.timeline();
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "%s %s: %d frames at %d fps, segments of %d frames, overlap %d, maxParallel %d%n",
            plan.strategy(),
            plan.task(),
            t.frames(),
            t.fps(),
            t.segmentFrames(),
            t.overlapFrames(),
            t.maxParallel()));
    for (Stage stage : plan.stages()) {
      text.append(
          String.format(
              "stage %d %s: %d shard(s), parallelism %d, depends on %s, makespan %d frames%n",
              stage.index(),
              stage.name(),
              stage.shards().size(),
              stage.parallelism(),
              stage.dependsOn(),
              stage.makespanFrames()));
      for (Shard shard : stage.shards()) {
        text.append("  ").append(shard.id()).append(": ");
        if (shard instanceof RenderShard render) {
          text.append(render.operation())
              .append(" renders ")
              .append(render.frames().size())
              .append(' ')
              .append(render.frames())
              .append(", owns ")
              .append(render.owned());
          for (Conditioning c : render.conditioning()) {
            text.append(", ").append(c.mode()).append(' ').append(c.target()).append(" from ");
            text.append(
                c.source() instanceof ShardFrames from
                    ? from.shard()
                    : ((InputFrames) c.source()).uri() + ((InputFrames) c.source()).frames());
          }
        } else if (shard instanceof StitchShard stitch) {
          text.append("stitch ").append(stitch.pieces().size()).append(" pieces");
        }
        text.append(" -> ").append(shard.artifactKey()).append('\n');
      }
    }
    text.append(
        String.format(
            "rendered %d frames, critical path %d frames%n",
            plan.renderedFrames(), plan.criticalPathFrames()));
    return text.toString();
  }
}
