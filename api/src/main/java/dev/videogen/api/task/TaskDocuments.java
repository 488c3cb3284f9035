package dev.videogen.api.task;

import dev.videogen.api.plan.Conditioning;
import dev.videogen.api.plan.FrameRange;
import dev.videogen.api.plan.FrameSet;
import dev.videogen.api.plan.InputFrames;
import dev.videogen.api.plan.Plan;
import dev.videogen.api.plan.RenderShard;
import dev.videogen.api.plan.Shard;
import dev.videogen.api.plan.ShardFrames;
import dev.videogen.api.plan.Stage;
import dev.videogen.api.plan.StitchPiece;
import dev.videogen.api.plan.StitchShard;
import dev.videogen.api.v1alpha1.VideoJobSpec;
import dev.videogen.api.v1alpha1.spec.EditSpec;
import dev.videogen.api.v1alpha1.spec.ExtendSpec;
import dev.videogen.api.v1alpha1.spec.SamplingSpec;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a stage of a {@link Plan} into the concrete task documents its pods run: timeline positions
 * become frame indices of each artifact, shard references become the URIs of the artifacts earlier
 * stages wrote, and the spec's prompt and sampler settings are filled in.
 */
public final class TaskDocuments {
  static final int DEFAULT_STEPS = 30;
  static final double DEFAULT_GUIDANCE_SCALE = 7;
  static final double DEFAULT_EDIT_STRENGTH = 0.6;

  private TaskDocuments() {}

  /**
   * The document of stage {@code stageIndex} of {@code plan} (made from {@code spec}).
   *
   * @param checkpoint the model checkpoint URI: {@code spec.model.checkpoint}, or the latest
   *     checkpoint of the TrainingRun it names
   * @param artifacts URIs of the artifacts of finished shards, by shard id (what their results
   *     reported; {@link #plannedUris} gives the URIs they are told to write)
   * @throws IllegalArgumentException if a shard of an earlier stage this stage reads has no URI
   */
  public static StageDocument forStage(
      VideoJobSpec spec,
      Plan plan,
      int stageIndex,
      String checkpoint,
      Map<String, String> artifacts) {
    Stage stage = plan.stages().get(stageIndex);
    String location = spec.getOutput().getLocation();
    Map<String, FrameSet> rendered = new HashMap<>();
    for (Shard shard : plan.shards()) {
      if (shard instanceof RenderShard render) {
        rendered.put(render.id(), render.frames());
      }
    }
    List<TaskDocument> tasks = new ArrayList<>();
    boolean renders = false;
    for (Shard shard : stage.shards()) {
      if (shard instanceof RenderShard render) {
        tasks.add(render(rendered, render, location, artifacts, stage.name()));
        renders = true;
      } else if (shard instanceof StitchShard stitch) {
        tasks.add(stitch(plan, rendered, stitch, location, artifacts, stage.name()));
      }
    }
    return new StageDocument(
        stage.name(), renders ? settings(spec, plan, checkpoint) : null, tasks);
  }

  /** The URI each shard of the plan writes its artifact to, by shard id. */
  public static Map<String, String> plannedUris(Plan plan, String location) {
    Map<String, String> uris = new LinkedHashMap<>();
    for (Shard shard : plan.shards()) {
      uris.put(shard.id(), uri(location, shard.artifactKey()));
    }
    return uris;
  }

  /** {@code key} under the URI prefix {@code location}. */
  public static String uri(String location, String key) {
    return location.endsWith("/") ? location + key : location + "/" + key;
  }

  static RenderSettings settings(VideoJobSpec spec, Plan plan, String checkpoint) {
    Optional<SamplingSpec> sampling = Optional.ofNullable(spec.getSampling());
    Double strength =
        plan.task() == VideoTask.Edit
            ? Optional.ofNullable(spec.getEdit())
                .map(EditSpec::getStrength)
                .orElse(DEFAULT_EDIT_STRENGTH)
            : null;
    boolean loop =
        Optional.ofNullable(spec.getExtend()).map(ExtendSpec::getLoop).orElse(false)
            && plan.task() == VideoTask.Extend;
    return new RenderSettings(
        spec.getPrompt(),
        spec.getNegativePrompt(),
        checkpoint,
        spec.getOutput().getWidth(),
        spec.getOutput().getHeight(),
        plan.timeline().fps(),
        sampling.map(SamplingSpec::getSteps).orElse(DEFAULT_STEPS),
        sampling.map(SamplingSpec::getGuidanceScale).orElse(DEFAULT_GUIDANCE_SCALE),
        strength,
        loop);
  }

  private static RenderTask render(
      Map<String, FrameSet> rendered,
      RenderShard shard,
      String location,
      Map<String, String> artifacts,
      String stage) {
    List<ConditioningFrames> conditioning = new ArrayList<>();
    for (Conditioning c : shard.conditioning()) {
      if (c.source() instanceof ShardFrames from) {
        FrameSet source = rendered.get(from.shard());
        String uri = artifact(artifacts, from.shard(), stage, shard.id());
        // One entry per run that is contiguous both in the source artifact and in this task.
        int[] positions = c.target().frames().toArray();
        int start = 0;
        for (int i = 1; i <= positions.length; i++) {
          boolean breaks =
              i == positions.length
                  || positions[i] != positions[i - 1] + 1
                  || source.indexOf(positions[i]) != source.indexOf(positions[i - 1]) + 1;
          if (breaks) {
            int from0 = source.indexOf(positions[start]);
            int to0 = shard.frames().indexOf(positions[start]);
            int length = i - start;
            conditioning.add(
                new ConditioningFrames(
                    uri,
                    new FrameRange(from0, from0 + length),
                    null,
                    new FrameRange(to0, to0 + length),
                    c.mode()));
            start = i;
          }
        }
      } else if (c.source() instanceof InputFrames input) {
        int target = shard.frames().indexOf(c.target().first());
        conditioning.add(
            new ConditioningFrames(
                input.uri(),
                input.frames(),
                input.anchor(),
                new FrameRange(target, target + c.target().size()),
                c.mode()));
      }
    }
    return new RenderTask(
        shard.id(),
        shard.operation(),
        null,
        shard.seed(),
        shard.frames().size(),
        shard.frames().runs(),
        conditioning,
        new TaskOutput(uri(location, shard.artifactKey()), shard.format()));
  }

  private static StitchTask stitch(
      Plan plan,
      Map<String, FrameSet> rendered,
      StitchShard shard,
      String location,
      Map<String, String> artifacts,
      String stage) {
    List<StitchInput> inputs = new ArrayList<>();
    for (StitchPiece piece : shard.pieces()) {
      if (piece.source() instanceof ShardFrames from) {
        FrameSet source = rendered.get(from.shard());
        int first = source.indexOf(piece.frames().start());
        inputs.add(
            new StitchInput(
                artifact(artifacts, from.shard(), stage, shard.id()),
                new FrameRange(first, first + piece.frames().length())));
      } else if (piece.source() instanceof InputFrames input) {
        inputs.add(new StitchInput(input.uri(), input.frames()));
      }
    }
    return new StitchTask(
        shard.id(),
        plan.timeline().fps(),
        inputs,
        new TaskOutput(uri(location, shard.artifactKey()), shard.format()));
  }

  private static String artifact(
      Map<String, String> artifacts, String shard, String stage, String reader) {
    String uri = artifacts.get(shard);
    if (uri == null) {
      throw new IllegalArgumentException(
          "stage "
              + stage
              + ": "
              + reader
              + " reads the artifact of shard "
              + shard
              + ", which has no URI yet: has its stage finished?");
    }
    return uri;
  }
}
