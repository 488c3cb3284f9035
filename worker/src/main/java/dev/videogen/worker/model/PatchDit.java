package dev.videogen.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The patch diffusion transformer: predicts the rectified-flow velocity of a noisy video given the
 * diffusion time, a prompt and, optionally, frames that are given (see {@link FrameConditioning}).
 *
 * <p>The output head predicts what {@link DitConfig#prediction()} says; the model returns the
 * velocity either way.
 *
 * <p>Inputs: video (B, C, T, H, W), t (B), a {@link TextBatch}: ids (B, L), mask (B, L), keep (B),
 * and optionally the frame conditioning (B, C + 1, T, H, W). Output: velocity (B, C, T, H, W). T
 * need not divide by the temporal patch size: the last frame is repeated to fill the patch and the
 * extra frames are cut from the output (a one-frame video is an image).
 *
 * <p>The frame conditioning is patchified like the video and added to the patch embedding through
 * {@code conditionEmbed}, a linear map without bias that starts at zero: a model converted from one
 * without conditioning computes exactly what it computed before, and leaving the conditioning out
 * is the same as giving no frames.
 */
public final class PatchDit extends AbstractBlock {
  private final DitConfig config;
  private final Linear patchEmbed;
  private final Linear conditionEmbed;
  private final TimestepEmbedder timestep;
  private final TextEncoder text;
  private final Linear textPool;
  private final List<DitBlock> blocks = new ArrayList<>();
  private final FinalLayer finalLayer;

  public PatchDit(DitConfig config) {
    this.config = config;
    patchEmbed = addChildBlock("patchEmbed", Dense.of(config.width()));
    conditionEmbed = addChildBlock("conditionEmbed", Dense.withoutBias(config.width()));
    conditionEmbed.setInitializer(Initializer.ZEROS, p -> true);
    timestep = addChildBlock("timestep", new TimestepEmbedder(config.width()));
    text = addChildBlock("text", new TextEncoder(config));
    textPool = addChildBlock("textPool", Linear.builder().setUnits(config.width()).build());
    for (int i = 0; i < config.depth(); i++) {
      blocks.add(addChildBlock("block" + i, new DitBlock(config)));
    }
    finalLayer = addChildBlock("final", new FinalLayer(config));
  }

  /** A new model with freshly initialised weights in {@code manager}. */
  public static PatchDit create(DitConfig config, NDManager manager) {
    PatchDit model = new PatchDit(config);
    model.initialize(manager, DataType.FLOAT32);
    return model;
  }

  public DitConfig config() {
    return config;
  }

  /** Velocity for video (B, C, T, H, W) at times t (B) under {@code prompt}, no frames given. */
  public NDArray velocity(
      ParameterStore ps, NDArray video, NDArray t, TextBatch prompt, boolean training) {
    return velocity(ps, video, t, prompt, null, training);
  }

  /**
   * Velocity for video (B, C, T, H, W) at times t (B) under {@code prompt} with the frame
   * conditioning {@code frames} (B, C + 1, T, H, W) from {@link FrameConditioning#input}, or null.
   */
  public NDArray velocity(
      ParameterStore ps,
      NDArray video,
      NDArray t,
      TextBatch prompt,
      NDArray frames,
      boolean training) {
    NDList inputs = new NDList(video, t, prompt.ids(), prompt.mask(), prompt.keep());
    if (frames != null) {
      inputs.add(frames);
    }
    return forward(ps, inputs, training).head();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray video = inputs.get(0); // (B, C, T, H, W)
    NDArray t = inputs.get(1); // (B)
    NDArray frameInput = inputs.size() > 5 ? inputs.get(5) : null; // (B, C + 1, T, H, W)
    NDArray x = embed(ps, video, frameInput, training); // (B, N, D)
    NDList prompt = condition(ps, t, inputs.subNDList(2, 5), training);
    NDArray patches =
        transform(ps, x, prompt.get(2), prompt.get(0), prompt.get(1), null, training); // (B, N, P)
    return new NDList(velocity(patches, video, t));
  }

  /**
   * The velocity (B, C, T, H, W) from the final layer's patches (B, N, P) for the noisy {@code
   * video} (B, C, T, H, W) at times t (B), as {@link DitConfig#prediction()} says to read them.
   */
  NDArray velocity(NDArray patches, NDArray video, NDArray t) {
    Shape s = video.getShape();
    NDArray out = unembed(patches, s.get(2), s.get(3), s.get(4)); // (B, C, T, H, W)
    return config.prediction() == Prediction.DATA ? velocityOf(video, out, t) : out;
  }

  /**
   * The velocity (B, C, T, H, W) that takes x_t to the predicted clean video x̂₀ (both (B, C, T, H,
   * W)) at times t (B): v = (x_t − x̂₀) / max(t, {@link Prediction#MIN_TIME}).
   */
  static NDArray velocityOf(NDArray noisy, NDArray clean, NDArray t) {
    // t holds no gradient, so its clamp is not part of the autograd graph (no scalar operand in it;
    // see Attention.scaledDotProduct); the division's operand is a tensor PyTorch allocated.
    NDArray time = t.maximum(Prediction.MIN_TIME).reshape(t.getShape().get(0), 1, 1, 1, 1);
    return noisy.sub(clean).div(time);
  }

  /** T rounded up to a multiple of the temporal patch size pt. */
  long paddedFrames(long frames) {
    return (frames + config.patchT() - 1) / config.patchT() * config.patchT();
  }

  /**
   * Tokens (B, N, D) of video (B, C, T, H, W): patch embedding, plus the frame conditioning (B, C +
   * 1, T, H, W) through its projection when not null, plus the sin-cos positions of the grid.
   */
  NDArray embed(ParameterStore ps, NDArray video, NDArray frameInput, boolean training) {
    Shape s = video.getShape();
    long padded = paddedFrames(s.get(2));
    int[] grid = Patchify.grid(config, padded, s.get(3), s.get(4));
    NDArray x =
        patchEmbed
            .forward(ps, new NDList(Patchify.patchify(config, padFrames(video, padded))), training)
            .head(); // (B, N, D)
    if (frameInput != null) {
      NDArray patches = Patchify.patchify(config, padFrames(frameInput, padded)); // (B, N, P + P/C)
      x = x.add(conditionEmbed.forward(ps, new NDList(patches), training).head());
    }
    long n = x.getShape().get(1);
    float[] pos = SpacetimePositions.of(config.width(), grid);
    return x.add(x.getManager().create(pos, new Shape(1, n, config.width()))); // (B, N, D)
  }

  /**
   * The prompt (ids, mask, keep) and times t (B) as the blocks read them: text tokens (B, L, D),
   * their mask (B, L), and the conditioning vector c = timestep embedding + pooled text (B, D).
   */
  NDList condition(ParameterStore ps, NDArray t, NDList prompt, boolean training) {
    NDList encoded = text.forward(ps, prompt, training);
    NDArray pooled = textPool.forward(ps, new NDList(encoded.get(2)), training).head();
    NDArray c = timestep.forward(ps, new NDList(t), training).head().add(pooled); // (B, D)
    return new NDList(encoded.get(0), encoded.get(1), c);
  }

  /**
   * The DiT blocks and the final layer: tokens x (B, N, D) → patches (B, N, P). c is (B, D), or (B,
   * N, D) per token for packed sequences; the text mask is (B, L) or an additive bias (B, 1, N, L);
   * selfBias is null or an additive bias (B, 1, N, N).
   */
  NDArray transform(
      ParameterStore ps,
      NDArray x,
      NDArray c,
      NDArray text,
      NDArray textMask,
      NDArray selfBias,
      boolean training) {
    for (DitBlock block : blocks) {
      NDList in = new NDList(x, c, text, textMask);
      if (selfBias != null) {
        in.add(selfBias);
      }
      x = block.forward(ps, in, training).head();
    }
    return finalLayer.forward(ps, new NDList(x, c), training).head(); // (B, N, P)
  }

  /** Patches (B, N, P) → video (B, C, T, H, W) of {@code frames} frames (the padding cut). */
  NDArray unembed(NDArray patches, long frames, long height, long width) {
    long padded = paddedFrames(frames);
    NDArray out =
        Patchify.unpatchify(config, patches, Patchify.grid(config, padded, height, width));
    return padded == frames ? out : out.get(new NDIndex(":, :, :{}", frames));
  }

  /** (B, C, T, H, W) → (B, C, padded, H, W), repeating the last frame. */
  private static NDArray padFrames(NDArray video, long padded) {
    long frames = video.getShape().get(2);
    if (padded == frames) {
      return video;
    }
    NDArray last = video.get(new NDIndex(":, :, -1:")); // (B, C, 1, H, W)
    NDList parts = new NDList(video);
    for (long i = frames; i < padded; i++) {
      parts.add(last);
    }
    return NDArrays.concat(parts, 2);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    int d = config.width();
    patchEmbed.initialize(manager, dataType, new Shape(1, 1, config.patchDim()));
    conditionEmbed.initialize(manager, dataType, new Shape(1, 1, conditionPatchDim()));
    timestep.initialize(manager, dataType, new Shape(1));
    Shape ids = new Shape(1, config.textLength());
    text.initialize(manager, dataType, ids, ids, new Shape(1));
    textPool.initialize(manager, dataType, new Shape(1, d));
    Shape tokens = new Shape(1, 1, d);
    for (DitBlock block : blocks) {
      block.initialize(manager, dataType, tokens, new Shape(1, d), tokens, new Shape(1, 1));
    }
    finalLayer.initialize(manager, dataType, tokens, new Shape(1, d));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  /**
   * Parameters the optimiser trains (frozen ones, like the unit scale of a plain norm, excluded).
   */
  public List<Parameter> trainableParameters() {
    List<Parameter> out = new ArrayList<>();
    for (var pair : getParameters()) {
      if (pair.getValue().requiresGradient()) {
        out.add(pair.getValue());
      }
    }
    return out;
  }

  /** Values in one patch of the frame conditioning: (C + 1) · pt · ph · pw. */
  int conditionPatchDim() {
    return (config.channels() + 1) * config.patchT() * config.patchH() * config.patchW();
  }

  /**
   * The parameters of the frame conditioning, which checkpoints written before it (format 1) do not
   * have: loading one leaves them at zero, where the model ignores the conditioning.
   */
  public List<Parameter> conditioningParameters() {
    List<Parameter> out = new ArrayList<>();
    for (var pair : conditionEmbed.getParameters()) {
      out.add(pair.getValue());
    }
    return out;
  }

  /** Number of trained values. */
  public long parameterCount() {
    long count = 0;
    for (Parameter p : trainableParameters()) {
      count += p.getShape().size();
    }
    return count;
  }
}
