package dev.videogen.api.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.api.v1alpha1.VideoJobSpec;
import dev.videogen.api.v1alpha1.spec.ShardingStrategy;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Randomised properties over specs across the CRD's whole range (durations 0.1 to 600 s, fps 1 to
 * 60, any segment length, overlap and maxParallel, every strategy and task), with fixed seeds so a
 * failure reproduces: see {@link PlanInvariants} for what every plan must satisfy.
 */
class ShardPlannerPropertiesTest {
  private static final int CASES = 1500;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyPlanSatisfiesTheInvariantsOrTheSpecIsRejectedWithAReason() throws Exception {
    Random random = new Random(20240611);
    int planned = 0;
    Set<ShardingStrategy> strategies = new HashSet<>();
    for (int i = 0; i < CASES; i++) {
      VideoJobSpec spec = Specs.random(random);
      String description = JSON.writeValueAsString(spec);
      Plan plan;
      try {
        plan = ShardPlanner.plan(spec);
      } catch (PlanningException e) {
        assertThat(e.getMessage()).as(description).startsWith("sharding: ");
        assertThat(rejectionIsPlausible(spec, e))
            .as(description + " -> " + e.getMessage())
            .isTrue();
        continue;
      }
      try {
        PlanInvariants.check(plan);
      } catch (AssertionError e) {
        throw new AssertionError("case " + i + ": " + description + "\n" + e.getMessage(), e);
      }
      planned++;
      strategies.add(plan.strategy());
    }
    // The generator is not degenerate: most specs plan, and every strategy occurs.
    assertThat(planned).isGreaterThan(CASES * 3 / 4);
    assertThat(strategies)
        .containsExactlyInAnyOrder(
            ShardingStrategy.Single,
            ShardingStrategy.Sequential,
            ShardingStrategy.KeyframesThenFill);
  }

  @Test
  void theSameSpecGivesAnEqualPlanAndAnotherSeedOtherShardSeeds() throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 300; i++) {
      VideoJobSpec spec = Specs.random(random);
      Plan plan;
      try {
        plan = ShardPlanner.plan(spec);
      } catch (PlanningException e) {
        continue;
      }
      // A copy through JSON, as the operator would read the resource again.
      VideoJobSpec copy = JSON.readValue(JSON.writeValueAsString(spec), VideoJobSpec.class);
      assertThat(ShardPlanner.plan(copy)).isEqualTo(plan);

      long seed = spec.getSampling().getSeed();
      spec.getSampling().setSeed(seed == Long.MAX_VALUE ? 0 : seed + 1);
      Plan reseeded = ShardPlanner.plan(spec);
      Set<Long> before = new HashSet<>();
      plan.shards().stream()
          .filter(s -> s instanceof RenderShard)
          .forEach(s -> before.add(((RenderShard) s).seed()));
      for (Shard shard : reseeded.shards()) {
        if (shard instanceof RenderShard render) {
          assertThat(before).as("seed of %s", render.id()).doesNotContain(render.seed());
        }
      }
      // Only the seeds change.
      assertThat(reseeded.stages().size()).isEqualTo(plan.stages().size());
      assertThat(reseeded.criticalPathFrames()).isEqualTo(plan.criticalPathFrames());
    }
  }

  /**
   * A rejection must have a cause one can see in the numbers: segments too short for their
   * conditioning, or so short for the video that even a lower bound on the shards exceeds the
   * limit.
   */
  private static boolean rejectionIsPlausible(VideoJobSpec spec, PlanningException e) {
    int fps = spec.getOutput().getFps();
    long frames = Math.max(1, Math.round(spec.getOutput().getDurationSeconds() * fps));
    Double seconds = spec.getSharding().getSegmentSeconds();
    int segment = (int) Math.max(1, Math.round((seconds == null ? 4 : seconds) * fps));
    Integer overlapSetting = spec.getSharding().getOverlapFrames();
    int overlap = overlapSetting == null ? Math.min(4, (segment - 1) / 2) : overlapSetting;
    int input = Math.max(1, overlap);
    boolean loop = spec.getExtend() != null && spec.getExtend().getLoop();
    int edges =
        switch (spec.getTask()) {
          case Connect -> 2 * input;
          case Extend -> loop ? 2 * input : input;
          default -> 0;
        };
    String message = e.getMessage();
    // The first segment holds the input frames on its side and a new frame; the last one its
    // overlap, the input frames on its side (if any) and a new frame.
    int firstEdge = edges > 0 ? input : 0;
    boolean sequentialTooShort =
        segment < firstEdge + 1 || segment < overlap + (edges - firstEdge) + 1;
    boolean keyframesTooShort = segment - edges < 3;
    // Each Sequential segment after the first owns at most segment - overlap frames; each fill
    // at most budget - 2 frames, and there are at least (frames - 1) / (budget - 1) fills.
    long sequentialShards = (frames - segment) / Math.max(1, segment - overlap) + 1;
    long keyframeShards = (frames - 1) / Math.max(1, segment - edges - 1);
    boolean sequential = sequentialTooShort || sequentialShards > Plan.MAX_SHARDS / 2;
    boolean keyframes = keyframesTooShort || keyframeShards > Plan.MAX_SHARDS / 2;
    if (message.startsWith("sharding: no strategy")) {
      return sequential && keyframes;
    }
    return message.contains("Sequential") ? sequential : keyframes;
  }
}
