package dev.videogen.worker.task;

import dev.videogen.api.task.RenderSettings;
import dev.videogen.api.task.RenderTask;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.diffusion.TextToVideo;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.video.Clip;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Renders what the model of this build can: TextToVideo and Image tasks over one contiguous run of
 * positions, with nothing given. Tasks that need conditioning (ImageToVideo, Extend, Connect, Edit,
 * Sequential segments after the first, KeyframesThenFill fills) or sparse keyframe positions are
 * refused with a clear reason rather than rendered without what they were given.
 */
public final class TextToVideoRenderer implements ShardRenderer {
  @Override
  public Optional<String> unsupported(RenderTask task) {
    String what = "task " + task.id() + " (" + task.type() + ")";
    if (!task.conditioning().isEmpty()) {
      return Optional.of(
          what
              + " needs conditioning (frames given from other shards or input files), which is"
              + " not supported by this worker build: it renders TextToVideo and Image tasks"
              + " only. Use sharding.strategy Single with a video that fits one segment, or a"
              + " worker build with conditioning");
    }
    if (task.type() != VideoTask.TextToVideo && task.type() != VideoTask.Image) {
      return Optional.of(what + " is not supported by this worker build");
    }
    if (task.positions().size() > 1) {
      return Optional.of(
          what
              + " renders sparse keyframes "
              + task.positions()
              + ", which is not supported by this worker build: it renders contiguous frames only."
              + " Use sharding.strategy Single or Sequential");
    }
    RenderSettings s = task.settings();
    if (s.negativePrompt() != null && !s.negativePrompt().isBlank()) {
      return Optional.of(
          what + ": negativePrompt is not supported by this worker build; leave it out");
    }
    return Optional.empty();
  }

  @Override
  public Clip render(
      RenderTask task, PatchDit model, FrameSize size, RenderInputs inputs, IntConsumer onStep) {
    RenderSettings s = task.settings();
    SamplerSettings sampler = new SamplerSettings(s.steps(), s.guidanceScale(), 0, task.seed());
    return TextToVideo.render(
            model,
            List.of(s.prompt() == null ? "" : s.prompt()),
            size.width(),
            size.height(),
            task.frames(),
            s.fps(),
            sampler,
            onStep)
        .get(0);
  }
}
