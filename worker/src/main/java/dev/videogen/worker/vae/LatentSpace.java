package dev.videogen.worker.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.videogen.worker.diffusion.EulerSampler;
import dev.videogen.worker.diffusion.SampleInput;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.diffusion.TextToVideo;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.train.TrainingBatch;
import dev.videogen.worker.video.Clip;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A trained autoencoder as the space a diffusion model works in: videos (B, 3, 1 + 4k, H, W) in
 * [−1, 1] ↔ latents (B, z, 1 + k, H/8, W/8) normalised to zero mean and unit variance by one shift
 * and one scale over all latent values, measured on data (as SD3 and FLUX do; a diffusion model's
 * noise schedule assumes unit-variance data). Latents are the encoder's posterior means: with the
 * small KL weight the posterior is narrow, and the mean is deterministic, so a resumed run sees the
 * same latents.
 *
 * @param shift subtracted from raw latents
 * @param scale raw latents are divided by it after the shift
 */
public record LatentSpace(CausalVae vae, float shift, float scale) {
  /** Latent frames encoded at once (32 video frames): a long video is encoded in such pieces. */
  static final int ENCODE_CHUNK = 8;

  /** Latent frames decoded at once (with the decoder's context before them). */
  static final int DECODE_CHUNK = 4;

  /**
   * Side of an encoding and decoding tile, in latent pixels (256 pixels), and the overlap of
   * neighbouring tiles.
   */
  static final int TILE = 32;

  static final int TILE_OVERLAP = 8;

  public LatentSpace {
    if (!(scale > 0) || !Float.isFinite(shift)) {
      throw new IllegalArgumentException("latent scale must be positive, got " + scale);
    }
  }

  /**
   * The space of {@code vae} with the shift and scale measured on {@code batches} batches of {@code
   * data} (steps 1 … batches).
   */
  public static LatentSpace measure(
      CausalVae vae, TrainingBatch.Source data, int batches, int size) {
    LatentSpace raw = new LatentSpace(vae, 0f, 1f);
    double sum = 0;
    double squares = 0;
    long count = 0;
    for (int i = 1; i <= batches; i++) {
      for (float v : raw.encode(data.batch(i, size)).video()) {
        sum += v;
        squares += (double) v * v;
        count++;
      }
    }
    double mean = sum / count;
    double sd = Math.sqrt(Math.max(1e-12, squares / count - mean * mean));
    return new LatentSpace(vae, (float) mean, (float) sd);
  }

  /** The latent channels z. */
  public int channels() {
    return vae.config().latentChannels();
  }

  /** The latent shape (B, z, 1 + k, H/8, W/8) of videos of {@code video} (B, C, 1 + 4k, H, W). */
  public Shape latentShape(Shape video) {
    return vae.config().latentShape(video);
  }

  /**
   * Normalised latents of a batch of videos, with the batch's captions; a long video is encoded in
   * pieces of {@value #ENCODE_CHUNK} latent frames and a large frame in tiles ({@link
   * #encode(NDArray)}).
   */
  public TrainingBatch encode(TrainingBatch videos) {
    try (NDManager scope = NDManager.newBaseManager()) {
      NDArray normalised = encode(scope.create(videos.video(), videos.shape()));
      return new TrainingBatch(normalised.toFloatArray(), normalised.getShape(), videos.prompts());
    }
  }

  /**
   * Normalised latents (B, z, 1 + k, H/8, W/8) of videos (B, 3, 1 + 4k, H, W), in the videos'
   * manager: encoded {@value #ENCODE_CHUNK} latent frames at a time, and frames wider or higher
   * than {@value #TILE} latent pixels (256 pixels) in tiles overlapping by {@value #TILE_OVERLAP},
   * so memory stays bounded whatever the length and size.
   */
  public NDArray encode(NDArray video) {
    NDArray mean =
        SpatialTiles.encode(
            vae,
            new ParameterStore(video.getManager(), false),
            video,
            TILE,
            TILE_OVERLAP,
            ENCODE_CHUNK);
    return mean.sub(shift).div(scale);
  }

  /**
   * Videos (B, 3, 1 + 4k, 8h, 8w), clipped to [−1, 1], of normalised latents (B, z, 1 + k, h, w):
   * decoded {@value #DECODE_CHUNK} latent frames at a time, and frames wider or higher than {@value
   * #TILE} latent pixels (256 pixels) in tiles overlapping by {@value #TILE_OVERLAP}, so memory
   * stays bounded whatever the length and size.
   */
  public NDArray decode(NDArray latents) {
    NDArray raw = latents.mul(scale).add(shift);
    NDArray video =
        SpatialTiles.decode(
            vae,
            new ParameterStore(latents.getManager(), false),
            raw,
            TILE,
            TILE_OVERLAP,
            DECODE_CHUNK);
    return video.clip(-1f, 1f);
  }

  /**
   * One clip per prompt, each {@code frames} (1 + 4k) × {@code height} × {@code width} at {@code
   * fps}: latents sampled by {@code model} (a DiT with {@link #channels()} input channels), then
   * decoded. What {@link TextToVideo#render} is for a pixel-space model.
   */
  public List<Clip> render(
      PatchDit model,
      List<String> prompts,
      int width,
      int height,
      int frames,
      double fps,
      SamplerSettings settings,
      IntConsumer onStep) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape latent = latentShape(new Shape(prompts.size(), 3, frames, height, width));
      return render(model, manager, prompts, SampleInput.noise(latent), fps, settings, onStep);
    }
  }

  /**
   * One clip per prompt: latents sampled by {@code model} from {@code input} (its shape (B, z, 1 +
   * k, h, w), its given frames and guide in this space), decoded to 1 + 4k frames of 8h × 8w.
   */
  public List<Clip> render(
      PatchDit model,
      NDManager manager,
      List<String> prompts,
      SampleInput input,
      double fps,
      SamplerSettings settings,
      IntConsumer onStep) {
    NDArray z = EulerSampler.sampleLatents(model, manager, prompts, input, settings, onStep);
    NDArray video = decode(z); // (B, 3, 1 + 4k, 8h, 8w)
    Shape s = video.getShape();
    return TextToVideo.clips(video, (int) s.get(2), (int) s.get(3), (int) s.get(4), fps);
  }

  /** {@code data}'s batches as normalised latents: what a latent diffusion model trains on. */
  public TrainingBatch.Source over(TrainingBatch.Source data) {
    return (step, size) -> encode(data.batch(step, size));
  }
}
