package dev.videogen.worker.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The encoder: three stages, each a residual block and a strided causal convolution (space ×½ in
 * all three, time ×½ in the last two), a middle residual block, then the posterior's mean and log
 * variance. A residual configuration adds {@link Shortcuts} around each strided convolution (its
 * input pooled) and to the mean (the normalised features, channels averaged to z).
 *
 * <p>Shapes: video (B, C, 1 + 4k, H, W) → w (B, w, ·, H, W) → stage 1 (B, w, 1 + 4k, H/2, W/2) →
 * stage 2 (B, 2w, 1 + 2k, H/4, W/4) → stage 3 (B, 2w, 1 + k, H/8, W/8) → mean, log variance (B, z,
 * 1 + k, H/8, W/8) each.
 */
final class VaeEncoder extends AbstractBlock {
  /**
   * Latent frames before a latent frame that can change it (the temporal receptive field, each
   * causal convolution looking two steps back at its rate): 8 frames at the video rate (in, res1,
   * down1) = 2 latent frames, 12 at twice the latent rate (res2, down2, res3, down3) = 6, 6 at the
   * latent rate (mid, out): 14.
   */
  static final int CONTEXT = 14;

  private final VaeConfig config;
  private final List<Block> layers = new ArrayList<>();

  /** Per layer: its time stride if it halves the space (a pooling shortcut bypasses it), else 0. */
  private final List<Integer> downsampleTime = new ArrayList<>();

  VaeEncoder(VaeConfig config) {
    this.config = config;
    int w = config.width();
    add("in", CausalConv3d.of(w));
    add("res1", new ResBlock3d(w, w));
    down("down1", w, 1);
    add("res2", new ResBlock3d(w, 2 * w));
    down("down2", 2 * w, 2);
    add("res3", new ResBlock3d(2 * w, 2 * w));
    down("down3", 2 * w, 2);
    add("mid", new ResBlock3d(2 * w, 2 * w));
    add("outNorm", new ChannelNorm(2 * w));
    add("out", CausalConv3d.of(2 * config.latentChannels()));
  }

  private void add(String name, Block block) {
    layers.add(addChildBlock(name, block));
    downsampleTime.add(0);
  }

  /** A strided causal convolution: space ×½, time ×1/{@code time}, channels kept. */
  private void down(String name, int channels, int time) {
    layers.add(addChildBlock(name, new CausalConv3d(channels, 3, 3, time, 2)));
    downsampleTime.add(time);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.head();
    NDArray in = x; // each layer's input; after the loop the last one's, the normalised features
    for (int i = 0; i < layers.size(); i++) {
      in = x;
      if (i == layers.size() - 1) {
        x = ResBlock3d.silu(x); // after the last norm
      }
      x = layers.get(i).forward(ps, new NDList(x), training).head();
      int time = downsampleTime.get(i);
      if (config.residual() && time > 0) {
        x = x.add(Shortcuts.pool(in, time)); // (B, C, T', H/2, W/2)
      }
    }
    NDList posterior = x.split(2, 1); // mean, log variance: (B, z, T', H', W') each
    if (config.residual()) {
      // The mean also gets the normalised features, their channels averaged down to z.
      NDArray mean = posterior.get(0).add(Shortcuts.channels(in, config.latentChannels()));
      posterior = new NDList(mean, posterior.get(1));
    }
    return posterior;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    for (Block layer : layers) {
      layer.initialize(manager, dataType, s);
      s = layer.getOutputShapes(new Shape[] {s})[0];
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape latent = config.latentShape(inputShapes[0]);
    return new Shape[] {latent, latent};
  }
}
