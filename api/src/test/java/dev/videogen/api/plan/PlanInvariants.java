package dev.videogen.api.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.api.v1alpha1.spec.ShardingStrategy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The properties every plan must have, checked shard by shard (AssertJ, with the shard named). */
final class PlanInvariants {
  private PlanInvariants() {}

  static void check(Plan plan) {
    Timeline t = plan.timeline();
    int n = t.frames();
    Map<String, Shard> byId = new HashMap<>();
    int[] owners = new int[n];
    Set<Long> seeds = new HashSet<>();
    List<Stage> stages = plan.stages();
    assertThat(stages).isNotEmpty();
    for (int s = 0; s < stages.size(); s++) {
      Stage stage = stages.get(s);
      assertThat(stage.index()).isEqualTo(s);
      assertThat(stage.shards()).as(stage.name()).isNotEmpty();
      // maxParallel: no stage runs more pods at once than maxParallel (nor than it has shards).
      assertThat(stage.parallelism())
          .as("parallelism of %s", stage.name())
          .isBetween(1, Math.min(stage.shards().size(), t.maxParallel()));
      // Dependencies point backwards only, so the stage graph is acyclic.
      int index = s;
      assertThat(stage.dependsOn()).as("dependsOn of %s", stage.name()).allMatch(d -> d < index);
      for (int i = 0; i < stage.shards().size(); i++) {
        Shard shard = stage.shards().get(i);
        assertThat(shard.id()).isEqualTo(stage.name() + "-" + i);
        assertThat(shard.stage()).isEqualTo(s);
        assertThat(shard.index()).isEqualTo(i);
        assertThat(byId.put(shard.id(), shard)).as("duplicate id %s", shard.id()).isNull();
        if (shard instanceof RenderShard render) {
          checkRender(plan, render, byId, owners, stage);
          assertThat(render.seed()).isEqualTo(ShardSeeds.derive(plan.seed(), render.id()));
          assertThat(seeds.add(render.seed())).as("seed of %s is unique", render.id()).isTrue();
        }
      }
    }
    for (int p = 0; p < n; p++) {
      assertThat(owners[p]).as("owners of frame %d", p).isEqualTo(1);
    }
    Stage last = stages.get(stages.size() - 1);
    assertThat(last.shards()).hasSize(1);
    assertThat(last.shards().get(0).artifactKey()).isEqualTo(plan.resultKey());
    assertThat(plan.resultKey()).doesNotStartWith(PlanAssembler.SHARD_PREFIX);
    if (last.shards().get(0) instanceof StitchShard stitch) {
      checkStitch(plan, stitch, byId, last);
    } else {
      assertThat(stages).hasSize(1);
      RenderShard only = (RenderShard) last.shards().get(0);
      assertThat(only.frames())
          .as("a shard that writes the result renders the result's frames only")
          .isEqualTo(FrameSet.of(0, n));
    }
    assertThat(plan.criticalPathFrames()).isLessThanOrEqualTo(plan.renderedFrames());
    if (plan.strategy() == ShardingStrategy.Sequential) {
      assertThat(plan.criticalPathFrames()).isEqualTo(plan.renderedFrames());
    }
    if (plan.strategy() == ShardingStrategy.KeyframesThenFill) {
      RenderShard keyframes = (RenderShard) stages.get(0).shards().get(0);
      assertThat(stages.get(0).shards()).hasSize(1);
      assertThat(keyframes.owned().first()).isZero();
      assertThat(keyframes.owned().last()).isEqualTo(n - 1);
    }
    assertThat(plan.summary().getShards()).isEqualTo(byId.size());
    assertThat(plan.summary().getFrames()).isEqualTo(n);
  }

  private static void checkRender(
      Plan plan, RenderShard shard, Map<String, Shard> byId, int[] owners, Stage stage) {
    int n = plan.timeline().frames();
    String id = shard.id();
    assertThat(shard.owned().isEmpty()).as("%s owns frames", id).isFalse();
    assertThat(shard.owned().first()).as("%s owns frames of the result", id).isNotNegative();
    assertThat(shard.owned().last()).as("%s owns frames of the result", id).isLessThan(n);
    shard.owned().frames().forEach(p -> owners[p]++);
    FrameSet window = shard.owned();
    for (Conditioning c : shard.conditioning()) {
      if (c.source() instanceof ShardFrames from) {
        Shard source = byId.get(from.shard());
        assertThat(source)
            .as("%s is conditioned on an earlier shard %s", id, from.shard())
            .isNotNull();
        assertThat(source.stage()).as("%s reads %s", id, from.shard()).isLessThan(shard.stage());
        assertThat(stage.dependsOn()).contains(source.stage());
        // Same frame indices: the shard gives exactly these timeline frames, and owns them.
        assertThat(((RenderShard) source).owned().containsAll(c.target()))
            .as("%s: %s owns %s", id, from.shard(), c.target())
            .isTrue();
        assertThat(c.mode()).isEqualTo(ConditioningMode.Clean);
        assertThat(c.target().intersect(shard.owned()).isEmpty()).isTrue();
      } else if (c.source() instanceof InputFrames input) {
        if (c.mode() == ConditioningMode.Guide) {
          assertThat(shard.owned().containsAll(c.target())).isTrue();
          assertThat(input.frames().start()).isEqualTo(c.target().first());
          continue;
        }
        boolean outside = c.target().last() < 0 || c.target().first() >= n;
        boolean image = c.target().equals(FrameSet.of(0, 1)) && shard.owned().contains(0);
        assertThat(outside || image).as("%s: input frames at %s", id, c.target()).isTrue();
      }
      if (c.mode() == ConditioningMode.Clean) {
        window = window.union(c.target());
      }
    }
    assertThat(shard.frames())
        .as("%s renders its owned and conditioning frames", id)
        .isEqualTo(window);
    if (plan.strategy() != ShardingStrategy.Single) {
      assertThat(shard.frames().size())
          .as("%s renders at most a segment", id)
          .isLessThanOrEqualTo(plan.timeline().segmentFrames());
    }
  }

  private static void checkStitch(
      Plan plan, StitchShard stitch, Map<String, Shard> byId, Stage stage) {
    int next = 0;
    for (StitchPiece piece : stitch.pieces()) {
      if (piece.source() instanceof ShardFrames from) {
        RenderShard source = (RenderShard) byId.get(from.shard());
        assertThat(piece.frames().start()).as("pieces in timeline order").isEqualTo(next);
        assertThat(source.owned().containsAll(FrameSet.of(piece.frames()))).isTrue();
        assertThat(stage.dependsOn()).contains(source.stage());
        next = piece.frames().end();
      } else {
        assertThat(piece.frames()).isNull();
      }
    }
    assertThat(next).isEqualTo(plan.timeline().frames());
  }
}
