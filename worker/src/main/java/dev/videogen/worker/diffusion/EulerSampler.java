package dev.videogen.worker.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.videogen.worker.model.DitConfig;
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
 * The initial noise is a function of the seed only, so the same prompt, size and seed give the same
 * video.
 */
public final class EulerSampler {
  private EulerSampler() {}

  /**
   * Samples B = prompts.size() videos of {@code shape} (B, C, T, H, W); returns values in [−1, 1]
   * in {@code manager}. {@code onStep} hears each finished step (1-based).
   */
  public static NDArray sample(
      PatchDit model,
      NDManager manager,
      List<String> prompts,
      Shape shape,
      SamplerSettings settings,
      IntConsumer onStep) {
    DitConfig config = model.config();
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
    boolean guided = settings.guidanceScale() != 1.0;
    ParameterStore ps = new ParameterStore(manager, false);

    NDArray x =
        manager.create(
            Noise.gaussian(
                Noise.random(settings.seed(), 0, Noise.Stream.SAMPLE), (int) shape.size()),
            shape);
    for (int i = 0; i < settings.steps(); i++) {
      float t = (float) RectifiedFlow.shift(1.0 - (double) i / settings.steps(), shift);
      float next = (float) RectifiedFlow.shift(1.0 - (double) (i + 1) / settings.steps(), shift);
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
          NDArray times = scope.full(new Shape(2L * b), t);
          NDList halves = model.velocity(ps, doubled, times, text, false).split(2, 0);
          NDArray conditional = halves.get(0);
          NDArray unconditional = halves.get(1);
          v =
              unconditional.add(
                  conditional.sub(unconditional).mul((float) settings.guidanceScale()));
        } else {
          TextBatch text = TextBatch.of(scope, prompts, config.textLength());
          v = model.velocity(ps, x, scope.full(new Shape(b), t), text, false);
        }
        NDArray stepped = x.add(v.mul(next - t));
        stepped.attach(manager);
        x = stepped;
      }
      if (onStep != null) {
        onStep.accept(i + 1);
      }
    }
    NDArray clipped = x.clip(-1f, 1f);
    x.close();
    return clipped;
  }
}
