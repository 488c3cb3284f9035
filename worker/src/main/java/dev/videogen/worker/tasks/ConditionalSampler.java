package dev.videogen.worker.tasks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.videogen.worker.diffusion.EulerSampler;
import dev.videogen.worker.diffusion.SampleInput;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.vae.LatentSpace;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.world.SyntheticDataset;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * One render of one clip under a {@link Conditioning}: the entry point every task, and the
 * long-video planner, builds on. Given frames come back exactly as given (their pixels are copied
 * into the result, not recomputed); everything else is sampled to fit them and the prompt.
 */
public final class ConditionalSampler {
  private ConditionalSampler() {}

  /**
   * {@link #render} for a model on pixels ({@code latent} null), else {@link
   * LatentConditionalSampler#render} on {@code latent}'s latents.
   */
  public static Clip render(
      PatchDit model,
      LatentSpace latent,
      String prompt,
      int width,
      int height,
      int frames,
      double fps,
      Conditioning conditioning,
      SamplerSettings settings,
      IntConsumer onStep) {
    return latent == null
        ? render(model, prompt, width, height, frames, fps, conditioning, settings, onStep)
        : LatentConditionalSampler.render(
            latent, model, prompt, width, height, frames, fps, conditioning, settings, onStep);
  }

  /**
   * Renders {@code frames} frames of {@code width} × {@code height} at {@code fps} for {@code
   * prompt} under {@code conditioning}. {@code onStep} (may be null) hears each finished sampler
   * step (1-based).
   */
  public static Clip render(
      PatchDit model,
      String prompt,
      int width,
      int height,
      int frames,
      double fps,
      Conditioning conditioning,
      SamplerSettings settings,
      IntConsumer onStep) {
    int channels = model.config().channels();
    if (channels != Clip.CHANNELS) {
      throw new IllegalArgumentException(
          "this model works on " + channels + " channels; rendering clips needs an RGB model");
    }
    boolean[] mask = conditioning.mask(frames, height, width);
    Shape shape = new Shape(1, channels, frames, height, width);
    try (NDManager manager = NDManager.newBaseManager()) {
      SampleInput input = SampleInput.noise(shape);
      if (!conditioning.given().isEmpty()) {
        Clip reference = Clip.blank(frames, height, width, fps);
        for (Conditioning.Given g : conditioning.given()) {
          float[] source = g.frames().rgb();
          System.arraycopy(
              source, 0, reference.rgb(), g.at() * reference.frameSize(), source.length);
        }
        float[] maskValues = new float[frames];
        for (int t = 0; t < frames; t++) {
          maskValues[t] = mask[t] ? 1f : 0f;
        }
        input =
            input.withFrames(
                manager.create(SyntheticDataset.toModelLayout(List.of(reference)), shape),
                manager.create(maskValues, new Shape(1, frames)));
      }
      if (conditioning.guide() != null) {
        Conditioning.Guide guide = conditioning.guide();
        input =
            input.withGuide(
                manager.create(SyntheticDataset.toModelLayout(List.of(guide.video())), shape),
                guide.strength());
      }
      NDArray video = EulerSampler.sample(model, manager, List.of(prompt), input, settings, onStep);
      Clip out =
          SyntheticDataset.fromModelLayout(video.toFloatArray(), 0, frames, height, width, fps);
      // The model's copy of a given frame went through [0, 1] → [−1, 1] → [0, 1]; the caller's
      // pixels come back untouched.
      for (Conditioning.Given g : conditioning.given()) {
        float[] source = g.frames().rgb();
        System.arraycopy(source, 0, out.rgb(), g.at() * out.frameSize(), source.length);
      }
      return out;
    }
  }
}
