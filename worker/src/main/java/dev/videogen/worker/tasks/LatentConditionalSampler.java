package dev.videogen.worker.tasks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.videogen.worker.diffusion.EulerSampler;
import dev.videogen.worker.diffusion.SampleInput;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.diffusion.TextToVideo;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.vae.LatentSpace;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.world.SyntheticDataset;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * {@link ConditionalSampler} for a model on an autoencoder's latents. It renders 1 + 4k frames (the
 * first {@code frames} are kept) and maps the conditioning into latent space:
 *
 * <ul>
 *   <li>given frames: latent frame j stands for frames 4j − 3 … 4j (frame 0 alone for j = 0), and
 *       the sampler keeps latent frame j as given when its last frame, 4j, is given. Its value is
 *       the encode of a draft video: the given frames in place, every other frame a copy of the
 *       nearest given one. The encoder is causal, so where every frame up to 4j is given (frames
 *       given at the start: image to video, extending forward, the seams of Sequential segments)
 *       that value is exact and one pass is all. Where a frame before 4j is not (extending
 *       backward, loops, connections, the far end of a fill), the draft's copies stand in for it; a
 *       second pass then encodes the first pass's video with the given frames put back, so the kept
 *       latents are those of a whole rendered video, and samples again from the same noise;
 *   <li>an edit guide (SDEdit): the guide video is encoded (its last frame repeated to 1 + 4k) and
 *       the sampler starts from its latents noised to the strength.
 * </ul>
 *
 * Given frames come back exactly as given (their pixels are copied into the result).
 */
public final class LatentConditionalSampler {
  private LatentConditionalSampler() {}

  /**
   * Renders {@code frames} frames of {@code width} × {@code height} (multiples of 8) at {@code fps}
   * for {@code prompt} under {@code conditioning}, sampled by {@code model} in {@code space}.
   */
  public static Clip render(
      LatentSpace space,
      PatchDit model,
      String prompt,
      int width,
      int height,
      int frames,
      double fps,
      Conditioning conditioning,
      SamplerSettings settings,
      IntConsumer onStep) {
    int rendered = VaeConfig.videoFrames(VaeConfig.latentFramesCovering(frames));
    boolean[] given = conditioning.mask(frames, height, width);
    Shape latent = space.latentShape(new Shape(1, Clip.CHANNELS, rendered, height, width));
    int latentFrames = (int) latent.get(2);
    float[] kept = new float[latentFrames];
    boolean anyKept = false;
    boolean twoPasses = false;
    for (int j = 0; j < latentFrames; j++) {
      int last = VaeConfig.TIME * j; // the last frame latent frame j stands for
      if (last < frames && given[last]) {
        kept[j] = 1f;
        anyKept = true;
        for (int t = 0; t < last; t++) {
          twoPasses |= !given[t]; // its encode depends on a frame the render makes
        }
      }
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      SampleInput input = SampleInput.noise(latent);
      if (conditioning.guide() != null) {
        Clip guide = padded(conditioning.guide().video(), rendered);
        input = input.withGuide(encode(space, manager, guide), conditioning.guide().strength());
      }
      NDArray mask = manager.create(kept, new Shape(1, latentFrames));
      List<String> prompts = List.of(prompt);
      IntConsumer report = onStep == null ? i -> {} : onStep;
      IntConsumer progress = report;
      if (anyKept) {
        Clip draft = draft(conditioning, given, rendered, height, width, fps);
        input = input.withFrames(keptOnly(encode(space, manager, draft), mask), mask);
      }
      if (twoPasses) {
        // Pass 1 on the draft's latents (the first half of the progress); its video, with the
        // given frames put back, gives the latents that pass 2 keeps.
        int steps = settings.steps();
        NDArray first =
            EulerSampler.sampleLatents(
                model, manager, prompts, input, settings, i -> report.accept(i / 2));
        Clip firstVideo = clip(space.decode(first), fps);
        put(conditioning, firstVideo);
        input = input.withFrames(keptOnly(encode(space, manager, firstVideo), mask), mask);
        progress = i -> report.accept(steps / 2 + (i + 1) / 2);
      }
      NDArray z = EulerSampler.sampleLatents(model, manager, prompts, input, settings, progress);
      Clip out = clip(space.decode(z), fps).frames(0, frames);
      put(conditioning, out);
      return out;
    }
  }

  /** The latents (1, z, T', h, w) with the frames that are not kept zeroed (mask (1, T')). */
  private static NDArray keptOnly(NDArray latents, NDArray mask) {
    return latents.mul(mask.reshape(1, 1, mask.getShape().get(1), 1, 1));
  }

  /** The one clip of a decoded video (1, 3, T, H, W). */
  private static Clip clip(NDArray video, double fps) {
    Shape s = video.getShape();
    return TextToVideo.clips(video, (int) s.get(2), (int) s.get(3), (int) s.get(4), fps).get(0);
  }

  /** Copies the given frames' pixels into {@code clip} at their positions. */
  private static void put(Conditioning conditioning, Clip clip) {
    for (Conditioning.Given g : conditioning.given()) {
      float[] source = g.frames().rgb();
      System.arraycopy(source, 0, clip.rgb(), g.at() * clip.frameSize(), source.length);
    }
  }

  /**
   * {@code rendered} frames: the given ones in place, every other a copy of the nearest given frame
   * (the earlier one on a tie).
   */
  private static Clip draft(
      Conditioning conditioning, boolean[] given, int rendered, int height, int width, double fps) {
    Clip draft = Clip.blank(rendered, height, width, fps);
    put(conditioning, draft);
    for (int t = 0; t < rendered; t++) {
      if (t < given.length && given[t]) {
        continue;
      }
      int nearest = -1;
      for (int d = 1; nearest < 0; d++) {
        if (t - d >= 0 && t - d < given.length && given[t - d]) {
          nearest = t - d;
        } else if (t + d < given.length && given[t + d]) {
          nearest = t + d;
        }
      }
      System.arraycopy(
          draft.rgb(),
          nearest * draft.frameSize(),
          draft.rgb(),
          t * draft.frameSize(),
          draft.frameSize());
    }
    return draft;
  }

  /** The normalised latents (1, z, 1 + k, h, w) of {@code clip} (1 + 4k frames). */
  private static NDArray encode(LatentSpace space, NDManager manager, Clip clip) {
    Shape shape = new Shape(1, Clip.CHANNELS, clip.frames(), clip.height(), clip.width());
    return space.encode(manager.create(SyntheticDataset.toModelLayout(List.of(clip)), shape));
  }

  /** {@code clip} cut or extended (its last frame repeated) to {@code frames} frames. */
  private static Clip padded(Clip clip, int frames) {
    if (clip.frames() >= frames) {
      return clip.frames(0, frames);
    }
    Clip out = Clip.blank(frames, clip.height(), clip.width(), clip.fps());
    System.arraycopy(clip.rgb(), 0, out.rgb(), 0, clip.rgb().length);
    int last = (clip.frames() - 1) * clip.frameSize();
    for (int t = clip.frames(); t < frames; t++) {
      System.arraycopy(clip.rgb(), last, out.rgb(), t * out.frameSize(), clip.frameSize());
    }
    return out;
  }
}
