package dev.videogen.worker.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The video compression network: a causal 3-D convolutional VAE (4× in time, 8× in space; see
 * {@link VaeConfig}) whose encoder gives a Gaussian posterior per latent value and whose decoder
 * maps latents back to frames. Causal in time: latent frame j depends on frames ≤ 4j only, and
 * frame t of the output on latent frames ≤ ⌈t / 4⌉, which is what lets {@link #decodeChunked}
 * decode a long video in pieces of bounded memory.
 *
 * <p>Forward (training): video (B, C, 1 + 4k, H, W) and noise (B, z, 1 + k, H/8, W/8) → the
 * reconstruction (B, C, 1 + 4k, H, W), the mean and the log variance (B, z, 1 + k, H/8, W/8).
 */
public final class CausalVae extends AbstractBlock {
  private final VaeConfig config;
  private final VaeEncoder encoder;
  private final VaeDecoder decoder;

  public CausalVae(VaeConfig config) {
    this.config = config;
    encoder = addChildBlock("encoder", new VaeEncoder(config));
    decoder = addChildBlock("decoder", new VaeDecoder(config));
  }

  /** A new autoencoder with freshly initialised weights in {@code manager}. */
  public static CausalVae create(VaeConfig config, NDManager manager) {
    CausalVae vae = new CausalVae(config);
    Shape video = new Shape(1, config.channels(), 1, VaeConfig.SPACE, VaeConfig.SPACE);
    Shape latent = new Shape(1, config.latentChannels(), 1, 1, 1);
    vae.initialize(manager, DataType.FLOAT32, video, latent);
    return vae;
  }

  public VaeConfig config() {
    return config;
  }

  /** The posterior of video (B, C, 1 + 4k, H, W): mean and log variance (B, z, 1 + k, H/8, W/8). */
  public NDList encode(ParameterStore ps, NDArray video, boolean training) {
    check(video.getShape());
    return encoder.forward(ps, new NDList(video), training);
  }

  /**
   * {@link #encode} (not for training) in pieces of {@code chunk} latent frames, each encoded with
   * the {@link VaeEncoder#CONTEXT} latent frames before it and their latents dropped: memory is
   * bounded by chunk + context latent frames (4 video frames each) whatever the length, and the
   * posterior equals the whole encode's.
   *
   * <p>A piece starting at latent frame s > 0 takes frames 4(s − 1) … : its first frame is encoded
   * on its own (as a video's first frame is), and every later group of four lines up with the whole
   * video's, so piece latent i ≥ 1 is latent s − 1 + i.
   */
  public NDList encodeChunked(ParameterStore ps, NDArray video, int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("a chunk has at least one latent frame, got " + chunk);
    }
    check(video.getShape());
    long latentFrames = VaeConfig.latentFrames((int) video.getShape().get(2));
    if (latentFrames <= chunk) {
      return encode(ps, video, false);
    }
    NDList means = new NDList();
    NDList logVariances = new NDList();
    for (long start = 0; start < latentFrames; start += chunk) {
      long end = Math.min(latentFrames, start + chunk);
      long from = Math.max(0, start - VaeEncoder.CONTEXT);
      // Frames of latents [from, end): 0 … 4(end − 1) from the start, else from 4(from − 1).
      long firstFrame = from == 0 ? 0 : VaeConfig.TIME * (from - 1);
      long lastFrame = VaeConfig.TIME * (end - 1);
      try (NDManager scope = video.getManager().newSubManager()) {
        NDArray part = video.get(new NDIndex(":, :, {}:{}", firstFrame, lastFrame + 1));
        part.attach(scope);
        NDList posterior = encode(ps, part, false);
        long total = posterior.get(0).getShape().get(2);
        NDIndex kept = new NDIndex(":, :, {}:", total - (end - start));
        NDArray mean = posterior.get(0).get(kept);
        NDArray logVariance = posterior.get(1).get(kept);
        mean.attach(video.getManager());
        logVariance.attach(video.getManager());
        means.add(mean);
        logVariances.add(logVariance);
      }
    }
    return new NDList(NDArrays.concat(means, 2), NDArrays.concat(logVariances, 2));
  }

  /** Frames (B, C, 1 + 4k, 8h, 8w) of latents (B, z, 1 + k, h, w). */
  public NDArray decode(ParameterStore ps, NDArray latent, boolean training) {
    return decoder.forward(ps, new NDList(latent), training).head();
  }

  /**
   * {@link #decode} in pieces of {@code chunk} latent frames, each decoded with the {@link
   * VaeDecoder#CONTEXT} latent frames before it and those frames' output dropped: memory is bounded
   * by chunk + context latent frames whatever the length, and the frames equal the whole decode's.
   */
  public NDArray decodeChunked(ParameterStore ps, NDArray latent, int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("a chunk has at least one latent frame, got " + chunk);
    }
    long frames = latent.getShape().get(2);
    NDList pieces = new NDList();
    for (long start = 0; start < frames; start += chunk) {
      long end = Math.min(frames, start + chunk);
      long from = Math.max(0, start - VaeDecoder.CONTEXT);
      // Every intermediate of a chunk lives in its own scope, freed before the next chunk.
      try (NDManager scope = latent.getManager().newSubManager()) {
        NDArray part = latent.get(new NDIndex(":, :, {}:{}", from, end));
        part.attach(scope); // the decoder's results belong to their input's manager
        NDArray out = decode(ps, part, false);
        // Latent frame `from` decodes to one frame, each later one to four: keep [start, end)'s.
        long keep = start == 0 ? VaeConfig.videoFrames((int) (end - start)) : 4 * (end - start);
        long total = out.getShape().get(2);
        NDArray kept = out.get(new NDIndex(":, :, {}:", total - keep));
        kept.attach(latent.getManager());
        pieces.add(kept);
      }
    }
    return pieces.size() == 1 ? pieces.head() : NDArrays.concat(pieces, 2);
  }

  /** z = mean + exp(log variance / 2) · noise, all (B, z, T', h, w). */
  public static NDArray sample(NDArray mean, NDArray logVariance, NDArray noise) {
    NDArray half = mean.getManager().full(new Shape(), 0.5f, mean.getDataType());
    return mean.add(logVariance.mul(half).exp().mul(noise));
  }

  /** KL(posterior ‖ N(0, 1)) per latent value, averaged: ½·mean(μ² + σ² − 1 − log σ²). */
  public static NDArray kl(NDArray mean, NDArray logVariance) {
    NDArray one = mean.getManager().full(new Shape(), 1f, mean.getDataType());
    NDArray half = mean.getManager().full(new Shape(), 0.5f, mean.getDataType());
    return mean.square().add(logVariance.exp()).sub(one).sub(logVariance).mean().mul(half);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList posterior = encode(ps, inputs.get(0), training);
    NDArray z = sample(posterior.get(0), posterior.get(1), inputs.get(1));
    return new NDList(decode(ps, z, training), posterior.get(0), posterior.get(1));
  }

  void check(Shape video) {
    if (video.dimension() != 5 || video.get(1) != config.channels()) {
      throw new IllegalArgumentException(
          "the autoencoder takes videos (B, " + config.channels() + ", T, H, W), got " + video);
    }
    VaeConfig.latentFrames((int) video.get(2));
    if (video.get(3) % VaeConfig.SPACE != 0 || video.get(4) % VaeConfig.SPACE != 0) {
      throw new IllegalArgumentException(
          "the autoencoder takes frames whose height and width divide by 8, got "
              + video.get(3)
              + "x"
              + video.get(4));
    }
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    encoder.initialize(manager, dataType, inputShapes[0]);
    decoder.initialize(manager, dataType, inputShapes[1]);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape latent = encoder.getOutputShapes(new Shape[] {inputShapes[0]})[0];
    return new Shape[] {inputShapes[0], latent, latent};
  }
}
