package dev.videogen.worker.task;

import dev.videogen.api.plan.ConditioningMode;
import dev.videogen.api.task.ConditioningFrames;
import dev.videogen.api.task.RenderSettings;
import dev.videogen.api.task.RenderTask;
import dev.videogen.worker.dataset.ClipSampler;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.tasks.ConditionalSampler;
import dev.videogen.worker.tasks.Conditioning;
import dev.videogen.worker.video.Clip;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Renders every Render task of the planner with one model: frames given clean (image-to-video,
 * extension, the seams of Sequential segments and of KeyframesThenFill fills, loops, connections)
 * and SDEdit guides (edits) become the sampler's {@link Conditioning}; given frames of another size
 * are cropped to the output's aspect ratio and resized.
 *
 * <p>Timeline positions: the model knows frame order, not absolute time, so a task's frames are
 * rendered as consecutive frames. Keyframes, which sit a stride apart on the timeline, therefore
 * come out as a low-frame-rate video of the whole duration, which is what gives the fills their
 * endpoints.
 */
public final class ConditionalRenderer implements ShardRenderer {
  @Override
  public Optional<String> unsupported(RenderTask task) {
    String what = "task " + task.id() + " (" + task.type() + ")";
    RenderSettings s = task.settings();
    if (s.negativePrompt() != null && !s.negativePrompt().isBlank()) {
      return Optional.of(
          what + ": negativePrompt is not supported by this worker build; leave it out");
    }
    for (ConditioningFrames c : task.conditioning()) {
      if (c.mode() == ConditioningMode.Guide
          && (c.targetFrames().start() != 0 || c.targetFrames().end() != task.frames())) {
        return Optional.of(
            what
                + ": an edit guide must cover all "
                + task.frames()
                + " frames of the shard, got "
                + c.targetFrames());
      }
      if (c.mode() == ConditioningMode.Guide && s.editStrength() == null) {
        return Optional.of(what + ": an edit guide needs settings.editStrength");
      }
    }
    return Optional.empty();
  }

  @Override
  public Clip render(
      RenderTask task, RenderModel model, FrameSize size, RenderInputs inputs, IntConsumer onStep) {
    RenderSettings s = task.settings();
    SamplerSettings sampler = new SamplerSettings(s.steps(), s.guidanceScale(), 0, task.seed());
    String prompt = s.prompt() == null ? "" : s.prompt();
    Conditioning conditioning = Conditioning.NONE;
    for (RenderInputs.Given given : inputs.given()) {
      ConditioningFrames c = given.conditioning();
      Clip frames = fit(given.frames(), size, s.fps());
      conditioning =
          c.mode() == ConditioningMode.Guide
              ? conditioning.withGuide(frames, s.editStrength())
              : conditioning.and(c.targetFrames().start(), frames);
    }
    return ConditionalSampler.render(
        model.dit(),
        model.latent(),
        prompt,
        size.width(),
        size.height(),
        task.frames(),
        s.fps(),
        conditioning,
        sampler,
        onStep);
  }

  /**
   * {@code clip} at the output's size (centre-cropped to its aspect ratio), unchanged if it fits.
   */
  static Clip fit(Clip clip, FrameSize size, double fps) {
    if (clip.width() == size.width() && clip.height() == size.height()) {
      return clip;
    }
    int[] all = IntStream.range(0, clip.frames()).toArray();
    return ClipSampler.fit(clip, all, size.height(), size.width(), fps);
  }
}
