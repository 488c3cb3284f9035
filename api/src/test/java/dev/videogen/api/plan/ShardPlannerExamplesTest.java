package dev.videogen.api.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.api.v1alpha1.spec.ExtendDirection;
import dev.videogen.api.v1alpha1.spec.OutputFormat;
import dev.videogen.api.v1alpha1.spec.ShardingStrategy;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shape of typical plans, with expected numbers worked out by hand from the defaults (segments
 * of 4 s, overlap 4 frames) in the comments.
 */
class ShardPlannerExamplesTest {
  @Test
  void aMinuteAtEightFpsIsKeyframesThenSixteenParallelFills() {
    Plan plan = Specs.textToVideo(60, 8).maxParallel(8).plan();
    PlanInvariants.check(plan);
    // 480 frames, segments of 32. A fill spans at most 31 gaps of one frame (32 frames with both
    // keyframe ends), so 479 frames need ceil(479 / 31) = 16 fills and 17 keyframes.
    assertThat(plan.strategy()).isEqualTo(ShardingStrategy.KeyframesThenFill);
    assertThat(plan.stages())
        .extracting(Stage::name)
        .containsExactly("keyframes", "fill", "stitch");
    RenderShard keyframes = (RenderShard) plan.stages().get(0).shards().get(0);
    assertThat(keyframes.frames().size()).isEqualTo(17);
    assertThat(keyframes.frames().first()).isZero();
    assertThat(keyframes.frames().last()).isEqualTo(479);
    assertThat(keyframes.conditioning()).isEmpty();
    assertThat(keyframes.operation()).isEqualTo(VideoTask.TextToVideo);

    Stage fill = plan.stages().get(1);
    assertThat(fill.shards()).hasSize(16);
    assertThat(fill.parallelism()).isEqualTo(8);
    assertThat(fill.dependsOn()).containsExactly(0);
    int[] keys = keyframes.frames().frames().toArray();
    for (int i = 0; i < 16; i++) {
      RenderShard shard = (RenderShard) fill.shards().get(i);
      assertThat(shard.operation()).isEqualTo(VideoTask.Connect);
      // Fill i spans keyframe i to keyframe i+1 and is conditioned on exactly those two frames.
      assertThat(shard.frames()).isEqualTo(FrameSet.of(keys[i], keys[i + 1] + 1));
      assertThat(shard.owned()).isEqualTo(FrameSet.of(keys[i] + 1, keys[i + 1]));
      assertThat(shard.conditioning())
          .containsExactly(
              new Conditioning(
                  ConditioningMode.Clean,
                  new ShardFrames("keyframes-0"),
                  FrameSet.ofPositions(keys[i], keys[i + 1])));
      assertThat(shard.artifactKey()).isEqualTo("shards/fill-" + i);
      assertThat(shard.format()).isEqualTo(OutputFormat.png);
      // Gaps of 479 / 16 = 29.9 frames: fills render 30 or 31 frames.
      assertThat(shard.frames().size()).isBetween(30, 31);
    }
    StitchShard stitch = (StitchShard) plan.stages().get(2).shards().get(0);
    assertThat(stitch.artifactKey()).isEqualTo("video.mp4");
    assertThat(stitch.pieces()).hasSize(17 + 16);
    // Keyframes (17 frames), then two waves of 8 fills of at most 31 frames.
    assertThat(plan.criticalPathFrames()).isEqualTo(17 + 31 + 31);
    assertThat(plan.renderedFrames()).isEqualTo(17 + 480 - 17 + 2 * 16);

    Plan sequential = Specs.textToVideo(60, 8).strategy(ShardingStrategy.Sequential).plan();
    // 32 new frames, then 28 new frames per segment (4 overlap): 1 + 448 / 28 = 17 segments.
    assertThat(sequential.criticalPathFrames()).isEqualTo(17 * 32);
    assertThat(plan.criticalPathFrames() * 4).isLessThanOrEqualTo(sequential.criticalPathFrames());
  }

  @Test
  void sequentialSegmentsExtendTheirPredecessorFromItsLastOverlapFrames() {
    Plan plan = Specs.textToVideo(60, 8).strategy(ShardingStrategy.Sequential).plan();
    PlanInvariants.check(plan);
    assertThat(plan.stages()).hasSize(17 + 1);
    for (int i = 1; i < 17; i++) {
      Stage stage = plan.stages().get(i);
      assertThat(stage.name()).isEqualTo("segment-" + i);
      RenderShard shard = (RenderShard) stage.shards().get(0);
      int start = 32 + 28 * (i - 1);
      assertThat(shard.owned()).isEqualTo(FrameSet.of(start, start + 28));
      assertThat(shard.frames()).isEqualTo(FrameSet.of(start - 4, start + 28));
      assertThat(shard.conditioning())
          .containsExactly(
              new Conditioning(
                  ConditioningMode.Clean,
                  new ShardFrames("segment-" + (i - 1) + "-0"),
                  FrameSet.of(start - 4, start)));
      assertThat(shard.operation()).isEqualTo(VideoTask.Extend);
      assertThat(stage.dependsOn()).containsExactly(i - 1);
    }
    assertThat(plan.renderedFrames()).isEqualTo(plan.criticalPathFrames()).isEqualTo(17 * 32);
  }

  @Test
  void autoIsSingleWhenTheVideoFitsOneSegmentAndSequentialWithoutParallelism() {
    Plan single = Specs.textToVideo(4, 8).plan();
    PlanInvariants.check(single);
    assertThat(single.strategy()).isEqualTo(ShardingStrategy.Single);
    assertThat(single.stages()).extracting(Stage::name).containsExactly("render");
    RenderShard only = (RenderShard) single.shards().get(0);
    assertThat(only.frames()).isEqualTo(FrameSet.of(0, 32));
    assertThat(only.artifactKey()).isEqualTo("video.mp4");
    assertThat(only.format()).isEqualTo(OutputFormat.mp4);

    Plan serial = Specs.textToVideo(20, 8).maxParallel(1).plan();
    PlanInvariants.check(serial);
    assertThat(serial.strategy()).isEqualTo(ShardingStrategy.Sequential);

    Plan parallel = Specs.textToVideo(20, 8).maxParallel(2).plan();
    assertThat(parallel.strategy()).isEqualTo(ShardingStrategy.KeyframesThenFill);
  }

  @Test
  void anImageIsOneFrameRenderedByOneShardWhateverTheStrategy() {
    Plan plan =
        Specs.of(VideoTask.Image).seconds(30).strategy(ShardingStrategy.KeyframesThenFill).plan();
    PlanInvariants.check(plan);
    assertThat(plan.strategy()).isEqualTo(ShardingStrategy.Single);
    RenderShard only = (RenderShard) plan.shards().get(0);
    assertThat(only.frames()).isEqualTo(FrameSet.of(0, 1));
    assertThat(only.operation()).isEqualTo(VideoTask.Image);
    assertThat(only.artifactKey()).isEqualTo("image.png");
  }

  @Test
  void imageToVideoPutsTheImageAtFrameZeroOfTheKeyframes() {
    Plan plan = Specs.of(VideoTask.ImageToVideo).seconds(30).fps(8).plan();
    PlanInvariants.check(plan);
    RenderShard keyframes = (RenderShard) plan.stages().get(0).shards().get(0);
    assertThat(keyframes.operation()).isEqualTo(VideoTask.ImageToVideo);
    assertThat(keyframes.conditioning())
        .containsExactly(
            new Conditioning(
                ConditioningMode.Clean, InputFrames.head(Specs.IMAGE, 1), FrameSet.of(0, 1)));
  }

  @Test
  void extendForwardContinuesTheInputAndALoopLeadsBackIntoIt() {
    Plan plan =
        Specs.of(VideoTask.Extend)
            .seconds(10)
            .fps(8)
            .extend(ExtendDirection.Forward, true)
            .strategy(ShardingStrategy.Sequential)
            .plan();
    PlanInvariants.check(plan);
    List<Shard> shards = plan.shards();
    RenderShard first = (RenderShard) shards.get(0);
    // The first segment renders the input's last 4 frames (at -4..-1) and 28 new ones.
    assertThat(first.frames()).isEqualTo(FrameSet.of(-4, 28));
    assertThat(first.conditioning())
        .containsExactly(
            new Conditioning(
                ConditioningMode.Clean, InputFrames.tail(Specs.VIDEO, 4), FrameSet.of(-4, 0)));
    RenderShard last = (RenderShard) shards.get(shards.size() - 2);
    assertThat(last.operation()).isEqualTo(VideoTask.Connect);
    assertThat(last.conditioning())
        .contains(
            new Conditioning(
                ConditioningMode.Clean, InputFrames.head(Specs.VIDEO, 4), FrameSet.of(80, 84)));
    StitchShard stitch = (StitchShard) shards.get(shards.size() - 1);
    assertThat(stitch.pieces().get(0))
        .isEqualTo(new StitchPiece(InputFrames.whole(Specs.VIDEO), null));
  }

  @Test
  void extendBackwardIsPlannedFromTheEndTowardsTheStart() {
    Plan plan =
        Specs.of(VideoTask.Extend)
            .seconds(10)
            .fps(8)
            .extend(ExtendDirection.Backward, false)
            .strategy(ShardingStrategy.Sequential)
            .plan();
    PlanInvariants.check(plan);
    RenderShard first = (RenderShard) plan.shards().get(0);
    // Segment 0 renders the last 28 new frames and the input's first 4 frames after them.
    assertThat(first.frames()).isEqualTo(FrameSet.of(80 - 28, 84));
    assertThat(first.owned()).isEqualTo(FrameSet.of(52, 80));
    RenderShard second = (RenderShard) plan.shards().get(1);
    assertThat(second.conditioning())
        .containsExactly(
            new Conditioning(
                ConditioningMode.Clean, new ShardFrames("segment-0-0"), FrameSet.of(52, 56)));
    StitchShard stitch = (StitchShard) plan.shards().get(plan.shards().size() - 1);
    assertThat(stitch.pieces().get(stitch.pieces().size() - 1).source())
        .isEqualTo(InputFrames.whole(Specs.VIDEO));
  }

  @Test
  void connectConditionsOnTheEndOfOneVideoAndTheStartOfTheOther() {
    Plan plan = Specs.of(VideoTask.Connect).seconds(3).fps(8).plan();
    PlanInvariants.check(plan);
    assertThat(plan.strategy()).isEqualTo(ShardingStrategy.Single);
    RenderShard only = (RenderShard) plan.shards().get(0);
    assertThat(only.operation()).isEqualTo(VideoTask.Connect);
    assertThat(only.frames()).isEqualTo(FrameSet.of(-4, 28));
    // The result is the 24 new frames: a stitch takes them from the shard, which also renders
    // the four frames of each input next to them.
    assertThat(only.artifactKey()).isNotEqualTo("video.mp4");
    StitchShard stitch = (StitchShard) plan.shards().get(1);
    assertThat(stitch.artifactKey()).isEqualTo("video.mp4");
    assertThat(stitch.pieces())
        .singleElement()
        .satisfies(p -> assertThat(p.frames()).isEqualTo(new FrameRange(0, 24)));
  }

  @Test
  void editGuidesEveryNewFrameWithTheSameFrameOfTheInput() {
    Plan plan = Specs.of(VideoTask.Edit).seconds(12).fps(8).maxParallel(1).plan();
    PlanInvariants.check(plan);
    for (Shard shard : plan.shards()) {
      if (shard instanceof RenderShard render) {
        assertThat(render.operation()).isEqualTo(VideoTask.Edit);
        assertThat(render.conditioning())
            .filteredOn(c -> c.mode() == ConditioningMode.Guide)
            .extracting(Conditioning::target)
            .containsExactlyElementsOf(render.owned().runs().stream().map(FrameSet::of).toList());
      }
    }
  }

  @Test
  void tenMinutesAddALevelSoNoShardRendersMoreThanASegment() {
    Plan plan = Specs.textToVideo(600, 8).maxParallel(64).plan();
    PlanInvariants.check(plan);
    // 4800 frames in segments of 32: keyframes and one level of fills span at most 31 gaps of 31
    // frames (961), too few; with a sparse level between them, 31 * 31 * 31: three levels.
    assertThat(plan.stages())
        .extracting(Stage::name)
        .containsExactly("keyframes", "fill-1", "fill-2", "stitch");
  }

  @Test
  void shortSegmentsGetAShorterDefaultOverlap() {
    Plan plan =
        Specs.of(VideoTask.Connect).seconds(10).fps(8).segmentSeconds(1.0).maxParallel(1).plan();
    PlanInvariants.check(plan);
    // Segments of 8 frames: the overlap defaults to less than half a segment, 3 frames, so that
    // the last segment holds 3 frames of its predecessor, 3 of the video it leads into and 2 new.
    assertThat(plan.timeline().overlapFrames()).isEqualTo(3);
    assertThat(plan.strategy()).isEqualTo(ShardingStrategy.Sequential);
  }

  @Test
  void impossibleSpecsGetAnErrorNamingTheFieldToChange() {
    assertThatThrownBy(
            () ->
                Specs.textToVideo(60, 8)
                    .segmentSeconds(0.5)
                    .overlap(4)
                    .strategy(ShardingStrategy.Sequential)
                    .plan())
        .isInstanceOf(PlanningException.class)
        .hasMessageContaining("Sequential segment of 4 frames")
        .hasMessageContaining("lower sharding.overlapFrames");
    assertThatThrownBy(
            () ->
                Specs.textToVideo(60, 8)
                    .segmentSeconds(0.25)
                    .strategy(ShardingStrategy.KeyframesThenFill)
                    .plan())
        .isInstanceOf(PlanningException.class)
        .hasMessageContaining("KeyframesThenFill needs shards of at least 3 frames")
        .hasMessageContaining("raise sharding.segmentSeconds");
    assertThatThrownBy(() -> Specs.textToVideo(600, 60).segmentSeconds(0.1).plan())
        .isInstanceOf(PlanningException.class)
        .hasMessageContaining("more than " + Plan.MAX_SHARDS)
        .hasMessageContaining("raise sharding.segmentSeconds");
    Specs missingImage = Specs.of(VideoTask.ImageToVideo);
    missingImage.build().setInputs(null);
    assertThatThrownBy(missingImage::plan).hasMessageContaining("needs inputs.image");
    Specs longLocation = Specs.textToVideo(4, 8);
    longLocation.build().getOutput().setLocation("s3://bucket/" + "a".repeat(1000));
    assertThatThrownBy(longLocation::plan)
        .hasMessageContaining("output.location is 1012 characters");
  }
}
