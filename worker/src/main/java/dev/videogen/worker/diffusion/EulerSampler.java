package dev.videogen.worker.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.FrameConditioning;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.model.Patchify;
import dev.videogen.worker.model.TextBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Draws videos by integrating the learned velocity field from noise (t = 1) to data (t = 0) with
 * Euler steps on the shifted time grid, with classifier-free guidance:
 *
 * <pre>
 *   v = v(x, t, ∅) + g · (v(x, t, prompt) − v(x, t, ∅)),     x ← x + (t_next − t) · v
 * </pre>
 *
 * Given frames ({@link SampleInput#withFrames}) are put into x clean before every model call and
 * after every step, as in training, and reach the model through its frame conditioning in both
 * halves of the guidance (only the prompt is dropped): the result holds them exactly. An SDEdit
 * guide starts the integration at t = strength from the guide noised to that level.
 *
 * <p>The initial noise is a function of the seed only, so the same prompt, size and seed give the
 * same video.
 */
public final class EulerSampler {
  private EulerSampler() {}

  /**
   * Samples B = prompts.size() videos of {@code shape} (B, C, T, H, W) from noise; returns values
   * in [−1, 1] in {@code manager}. {@code onStep} hears each finished step (1-based).
   */
  public static NDArray sample(
      PatchDit model,
      NDManager manager,
      List<String> prompts,
      Shape shape,
      SamplerSettings settings,
      IntConsumer onStep) {
    return sample(model, manager, prompts, SampleInput.noise(shape), settings, onStep);
  }

  /**
   * Samples B = prompts.size() videos as {@code input} says; values in [−1, 1] in {@code manager}.
   */
  public static NDArray sample(
      PatchDit model,
      NDManager manager,
      List<String> prompts,
      SampleInput input,
      SamplerSettings settings,
      IntConsumer onStep) {
    return sample(model, manager, prompts, input, settings, onStep, true);
  }

  /**
   * Samples latents (B, z, T', h, w) for an autoencoder to decode: as {@link #sample}, but the
   * values are left unbounded (pixels are clipped to [−1, 1], latents have no such range).
   */
  public static NDArray sampleLatents(
      PatchDit model,
      NDManager manager,
      List<String> prompts,
      SampleInput input,
      SamplerSettings settings,
      IntConsumer onStep) {
    return sample(model, manager, prompts, input, settings, onStep, false);
  }

  private static NDArray sample(
      PatchDit model,
      NDManager manager,
      List<String> prompts,
      SampleInput input,
      SamplerSettings settings,
      IntConsumer onStep,
      boolean pixels) {
    DitConfig config = model.config();
    Shape shape = input.shape();
    int b = prompts.size();
    if (shape.get(0) != b) {
      throw new IllegalArgumentException(b + " prompts for a batch of " + shape.get(0));
    }
    long padded = (shape.get(2) + config.patchT() - 1) / config.patchT() * config.patchT();
    int[] grid = Patchify.grid(config, padded, shape.get(3), shape.get(4));
    double shift =
        settings.shift() > 0
            ? settings.shift()
            : RectifiedFlow.shiftFor((long) grid[0] * grid[1] * grid[2]);
    float[] times = RectifiedFlow.timeGrid(settings.steps(), shift, input.strength());
    boolean guided = settings.guidanceScale() != 1.0;
    ParameterStore ps = new ParameterStore(manager, false);

    NDArray x =
        manager.create(
            Noise.gaussian(
                Noise.random(settings.seed(), 0, Noise.Stream.SAMPLE), (int) shape.size()),
            shape);
    if (input.guide() != null) {
      NDArray noise = x;
      x = RectifiedFlow.interpolate(input.guide(), noise, manager.full(new Shape(b), times[0]));
      noise.close();
    }
    // The same every step, so made once here: conditioning (B, C + 1, T, H, W), selector (B, C, T,
    // H, W) of the given values.
    NDArray frames = null;
    NDArray doubledFrames = null;
    NDArray given = null;
    if (input.hasGivenFrames()) {
      frames = FrameConditioning.input(input.reference(), input.frameMask());
      doubledFrames = guided ? NDArrays.concat(new NDList(frames, frames), 0) : frames;
      given = FrameConditioning.given(input.frameMask(), shape);
      NDArray start = x;
      x = FrameConditioning.keepGiven(start, input.reference(), given);
      start.close();
    }
    for (int i = 0; i < settings.steps(); i++) {
      float t = times[i];
      float next = times[i + 1];
      try (NDManager scope = manager.newSubManager()) {
        x.attach(scope); // this step's x and everything computed from it die with the scope
        NDArray v;
        if (guided) {
          List<String> both = new ArrayList<>(prompts);
          both.addAll(prompts);
          boolean[] keep = new boolean[2 * b];
          java.util.Arrays.fill(keep, 0, b, true);
          TextBatch text = TextBatch.of(scope, both, keep, config.textLength());
          NDArray doubled = NDArrays.concat(new NDList(x, x), 0);
          NDArray times2 = scope.full(new Shape(2L * b), t);
          NDList halves =
              model.velocity(ps, doubled, times2, text, doubledFrames, false).split(2, 0);
          NDArray conditional = halves.get(0);
          NDArray unconditional = halves.get(1);
          v =
              unconditional.add(
                  conditional.sub(unconditional).mul((float) settings.guidanceScale()));
        } else {
          TextBatch text = TextBatch.of(scope, prompts, config.textLength());
          v = model.velocity(ps, x, scope.full(new Shape(b), t), text, frames, false);
        }
        NDArray stepped = x.add(v.mul(next - t));
        if (given != null) {
          stepped = FrameConditioning.keepGiven(stepped, input.reference(), given);
        }
        stepped.attach(manager);
        x = stepped;
      }
      if (onStep != null) {
        onStep.accept(i + 1);
      }
    }
    NDArray clipped = x;
    if (pixels) {
      clipped = x.clip(-1f, 1f);
      x.close();
    }
    if (given != null) {
      NDArray kept = FrameConditioning.keepGiven(clipped, input.reference(), given);
      clipped.close();
      clipped = kept;
      given.close();
      if (doubledFrames != frames) {
        doubledFrames.close();
      }
      frames.close();
    }
    return clipped;
  }
}
