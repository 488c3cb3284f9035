package dev.videogen.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.api.plan.ConditioningMode;
import dev.videogen.api.plan.FrameAnchor;
import dev.videogen.api.plan.FrameRange;
import dev.videogen.api.plan.FrameSet;
import dev.videogen.api.plan.Plan;
import dev.videogen.api.plan.PlanningException;
import dev.videogen.api.plan.RenderShard;
import dev.videogen.api.plan.Shard;
import dev.videogen.api.plan.ShardPlanner;
import dev.videogen.api.plan.Specs;
import dev.videogen.api.v1alpha1.VideoJobSpec;
import dev.videogen.api.v1alpha1.spec.ExtendDirection;
import dev.videogen.api.v1alpha1.spec.OutputFormat;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TaskDocumentsTest {
  private static final String CHECKPOINT = "s3://models/tiny/step-1000";
  private static final String LOCATION = "s3://videos/jobs/demo";

  @Test
  void fillsReadTheirKeyframesFromTheKeyframeArtifact() {
    VideoJobSpec spec = Specs.textToVideo(60, 8).maxParallel(8).build();
    Plan plan = ShardPlanner.plan(spec);
    Map<String, String> uris = TaskDocuments.plannedUris(plan, LOCATION);
    StageDocument fill = TaskDocuments.forStage(spec, plan, 1, CHECKPOINT, uris);
    assertThat(fill.stage()).isEqualTo("fill");
    assertThat(fill.settings())
        .isEqualTo(
            new RenderSettings(
                "a red circle moves left", null, CHECKPOINT, null, null, 8, 30, 7.0, null, false));
    int[] keyframes = ((RenderShard) plan.shard("keyframes-0")).frames().frames().toArray();
    for (int i = 0; i < 16; i++) {
      RenderTask task = (RenderTask) fill.task(i);
      int frames = keyframes[i + 1] - keyframes[i] + 1;
      assertThat(task.id()).isEqualTo("fill-" + i);
      assertThat(task.type()).isEqualTo(VideoTask.Connect);
      assertThat(task.frames()).isEqualTo(frames);
      assertThat(task.positions())
          .containsExactly(FrameRange.of(keyframes[i], keyframes[i + 1] + 1));
      // Keyframe i of the keyframe artifact is this task's first frame, keyframe i+1 its last.
      assertThat(task.conditioning())
          .containsExactly(
              clean(LOCATION + "/shards/keyframes-0", i, 0),
              clean(LOCATION + "/shards/keyframes-0", i + 1, frames - 1));
      assertThat(task.output())
          .isEqualTo(new TaskOutput(LOCATION + "/shards/fill-" + i, OutputFormat.png));
      assertThat(task.seed()).isEqualTo(((RenderShard) plan.shard(task.id())).seed());
    }

    StitchTask stitch =
        (StitchTask) TaskDocuments.forStage(spec, plan, 2, CHECKPOINT, uris).task(0);
    assertThat(stitch.output())
        .isEqualTo(new TaskOutput(LOCATION + "/video.mp4", OutputFormat.mp4));
    // Keyframe 0, fill 0 without its ends, keyframe 1, fill 1 without its ends, ...
    assertThat(stitch.inputs().subList(0, 3))
        .containsExactly(
            new StitchInput(LOCATION + "/shards/keyframes-0", FrameRange.of(0, 1)),
            new StitchInput(LOCATION + "/shards/fill-0", FrameRange.of(1, keyframes[1])),
            new StitchInput(LOCATION + "/shards/keyframes-0", FrameRange.of(1, 2)));
  }

  @Test
  void extendingReadsTheLastFramesOfTheInputCountedFromItsEnd() {
    VideoJobSpec spec =
        Specs.of(VideoTask.Extend)
            .seconds(10)
            .fps(8)
            .extend(ExtendDirection.Forward, false)
            .maxParallel(1)
            .build();
    Plan plan = ShardPlanner.plan(spec);
    Map<String, String> uris = TaskDocuments.plannedUris(plan, LOCATION);
    RenderTask first = (RenderTask) TaskDocuments.forStage(spec, plan, 0, CHECKPOINT, uris).task(0);
    assertThat(first.conditioning().get(0))
        .isEqualTo(
            new ConditioningFrames(
                Specs.VIDEO,
                FrameRange.of(-4, 0),
                FrameAnchor.End,
                FrameRange.of(0, 4),
                ConditioningMode.Clean));
    assertThat(first.positions().get(0).start()).isEqualTo(-4);
    int last = plan.stages().size() - 1;
    StitchTask stitch =
        (StitchTask) TaskDocuments.forStage(spec, plan, last, CHECKPOINT, uris).task(0);
    assertThat(stitch.inputs().get(0)).isEqualTo(new StitchInput(Specs.VIDEO, null));
  }

  @Test
  void aStageWhoseInputsAreNotFinishedIsRefused() {
    VideoJobSpec spec = Specs.textToVideo(60, 8).maxParallel(8).build();
    Plan plan = ShardPlanner.plan(spec);
    assertThatThrownBy(() -> TaskDocuments.forStage(spec, plan, 1, CHECKPOINT, Map.of()))
        .hasMessage(
            "stage fill: fill-0 reads the artifact of shard keyframes-0, which has no URI yet:"
                + " has its stage finished?");
  }

  /**
   * For random specs, every stage's documents survive JSON and say the same as the plan: each
   * conditioning frame read from an artifact is, on the timeline, the frame it conditions, and the
   * stitch inputs are the result's frames in order.
   */
  @Test
  void documentsOfRandomPlansMapEveryFrameToTheSameTimelineFrame() {
    Random random = new Random(11);
    int checked = 0;
    for (int c = 0; c < 300; c++) {
      VideoJobSpec spec = Specs.random(random);
      Plan plan;
      try {
        plan = ShardPlanner.plan(spec);
      } catch (PlanningException e) {
        continue;
      }
      Map<String, String> uris = TaskDocuments.plannedUris(plan, LOCATION);
      Map<String, FrameSet> framesByUri = new HashMap<>();
      for (Shard shard : plan.shards()) {
        if (shard instanceof RenderShard render) {
          framesByUri.put(uris.get(shard.id()), render.frames());
        }
      }
      for (int s = 0; s < plan.stages().size(); s++) {
        StageDocument stage = TaskDocuments.forStage(spec, plan, s, CHECKPOINT, uris);
        String json = TaskJson.write(stage);
        StageDocument read = TaskJson.readStage(json);
        assertThat(read).isEqualTo(stage);
        int lastIndex = stage.tasks().size() - 1;
        assertThat(TaskJson.readTask(json, lastIndex)).isEqualTo(read.task(lastIndex));
        for (int i = 0; i < stage.tasks().size(); i++) {
          TaskDocument task = read.task(i);
          if (task instanceof RenderTask render) {
            checkRender(render, framesByUri);
          } else if (task instanceof StitchTask stitch) {
            checkStitch(stitch, framesByUri, plan.timeline().frames());
          }
        }
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(200);
  }

  private static void checkRender(RenderTask task, Map<String, FrameSet> framesByUri) {
    int[] positions = positions(task.positions());
    for (ConditioningFrames c : task.conditioning()) {
      FrameSet source = framesByUri.get(c.source());
      if (source == null) {
        continue; // an input file, not an artifact
      }
      int[] sourcePositions = source.frames().toArray();
      for (int k = 0; k < c.sourceFrames().length(); k++) {
        assertThat(sourcePositions[c.sourceFrames().start() + k])
            .as("%s conditioning %s", task.id(), c)
            .isEqualTo(positions[c.targetFrames().start() + k]);
      }
    }
  }

  private static void checkStitch(StitchTask stitch, Map<String, FrameSet> framesByUri, int n) {
    List<Integer> timeline = new ArrayList<>();
    for (StitchInput input : stitch.inputs()) {
      FrameSet source = framesByUri.get(input.uri());
      if (source == null) {
        assertThat(input.frames()).isNull(); // a joined input video
        continue;
      }
      int[] sourcePositions = source.frames().toArray();
      for (int k = input.frames().start(); k < input.frames().end(); k++) {
        timeline.add(sourcePositions[k]);
      }
    }
    assertThat(timeline).hasSize(n);
    for (int p = 0; p < n; p++) {
      assertThat(timeline.get(p)).isEqualTo(p);
    }
  }

  private static int[] positions(List<FrameRange> runs) {
    return runs.stream()
        .flatMapToInt(r -> java.util.stream.IntStream.range(r.start(), r.end()))
        .toArray();
  }

  private static ConditioningFrames clean(String uri, int source, int target) {
    return new ConditioningFrames(
        uri,
        FrameRange.of(source, source + 1),
        FrameAnchor.Start,
        FrameRange.of(target, target + 1),
        ConditioningMode.Clean);
  }
}
