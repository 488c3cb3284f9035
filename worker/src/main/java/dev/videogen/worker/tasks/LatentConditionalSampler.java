package dev.videogen.worker.tasks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.videogen.worker.diffusion.SampleInput;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.vae.LatentSpace;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.world.SyntheticDataset;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * {@link ConditionalSampler} for a model on an autoencoder's latents. It renders 1 + 4k frames (the
 * first {@code frames} are kept) and maps the conditioning into latent space:
 *
 * <ul>
 *   <li>frames given at the start (image to video, extending forward, the seams of Sequential
 *       segments): the first 1 + 4m of them are encoded, and since the encoder is causal, with the
 *       first frame encoded on its own, latent frames 0 … m are exactly theirs; the sampler keeps
 *       those latent frames as given;
 *   <li>an edit guide (SDEdit): the guide video is encoded (its last frame repeated to 1 + 4k) and
 *       the sampler starts from its latents noised to the strength.
 * </ul>
 *
 * Given frames come back exactly as given (their pixels are copied into the result). Frames given
 * later in the clip (extending backward, loops, connections, the far end of a fill) would have to
 * be matched through the decoder: {@link #unsupported} says so.
 */
public final class LatentConditionalSampler {
  private LatentConditionalSampler() {}

  /** Why {@code conditioning} cannot be rendered in latent space, or empty if it can. */
  public static Optional<String> unsupported(Conditioning conditioning) {
    for (Conditioning.Given g : conditioning.given()) {
      if (g.at() != 0) {
        return Optional.of(
            "frames given at frame "
                + g.at()
                + " (not at the start) cannot be kept by a latent-space model in this build: it"
                + " renders text to video, images, image to video, extending forward and edits");
      }
    }
    return Optional.empty();
  }

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
    unsupported(conditioning)
        .ifPresent(
            reason -> {
              throw new IllegalArgumentException(reason);
            });
    int rendered = VaeConfig.videoFrames(VaeConfig.latentFramesCovering(frames));
    Shape latent = space.latentShape(new Shape(1, Clip.CHANNELS, rendered, height, width));
    long latentFrames = latent.get(2);
    try (NDManager manager = NDManager.newBaseManager()) {
      SampleInput input = SampleInput.noise(latent);
      for (Conditioning.Given g : conditioning.given()) {
        // Latent frames 0 … m stand for frames 0 … 4m alone (causal): (1, z, m + 1, h, w).
        int m = (g.frames().frames() - 1) / VaeConfig.TIME;
        NDArray given = encode(space, manager, g.frames().frames(0, 1 + VaeConfig.TIME * m));
        NDArray rest =
            manager.zeros(
                new Shape(
                    1,
                    latent.get(1),
                    Math.max(0, latentFrames - (m + 1)),
                    latent.get(3),
                    latent.get(4)));
        // (1, z, T', h, w): the given latent frames, zeros where the model renders
        NDArray reference =
            m + 1 == latentFrames ? given : NDArrays.concat(new NDList(given, rest), 2);
        float[] mask = new float[(int) latentFrames];
        for (int t = 0; t <= m; t++) {
          mask[t] = 1f;
        }
        input = input.withFrames(reference, manager.create(mask, new Shape(1, latentFrames)));
      }
      if (conditioning.guide() != null) {
        Clip guide = padded(conditioning.guide().video(), rendered);
        input = input.withGuide(encode(space, manager, guide), conditioning.guide().strength());
      }
      Clip out =
          space
              .render(model, manager, List.of(prompt), input, fps, settings, onStep)
              .get(0)
              .frames(0, frames);
      for (Conditioning.Given g : conditioning.given()) {
        float[] source = g.frames().rgb();
        System.arraycopy(source, 0, out.rgb(), g.at() * out.frameSize(), source.length);
      }
      return out;
    }
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
