package dev.videogen.worker.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoder, the encoder mirrored: a causal convolution and a middle residual block, then three
 * stages of nearest-neighbour upsampling (space ×2 in all three, time ×2 in the first two: the
 * first latent frame stays one frame, every later one becomes two), a causal convolution and a
 * residual block, and the output convolution. A residual configuration adds {@link Shortcuts} to
 * the first convolution (the latent, channels repeated) and to each convolution after an upsampling
 * (the upsampled input, channels averaged where they halve).
 *
 * <p>Shapes: latent (B, z, 1 + k, h, w) → (B, 2w, 1 + k, h, w) → up 1 (B, 2w, 1 + 2k, 2h, 2w) → up
 * 2 (B, w, 1 + 4k, 4h, 4w) → up 3 (B, w, 1 + 4k, 8h, 8w) → video (B, C, 1 + 4k, 8h, 8w).
 */
final class VaeDecoder extends AbstractBlock {
  /**
   * Latent frames before the first one decoded that a chunk must include so that its frames equal
   * those of the whole video: the temporal reach of the causal convolutions (each 3 × 3 × 3 one
   * looks two frames back): 6 frames at latent rate (in, mid), 6 at twice it (up1, res1) = 3 latent
   * frames, 14 at four times it (up2, res2, up3, res3, out) = 3.5, so 12.5, rounded up.
   */
  static final int CONTEXT = 13;

  private final VaeConfig config;
  private final List<Block> layers = new ArrayList<>();
  private final List<int[]> upsampleBefore = new ArrayList<>(); // {time, space} per layer

  VaeDecoder(VaeConfig config) {
    this.config = config;
    int w = config.width();
    add("in", CausalConv3d.of(2 * w), 1, 1);
    add("mid", new ResBlock3d(2 * w, 2 * w), 1, 1);
    add("up1", CausalConv3d.of(2 * w), 2, 2);
    add("res1", new ResBlock3d(2 * w, 2 * w), 1, 1);
    add("up2", CausalConv3d.of(w), 2, 2);
    add("res2", new ResBlock3d(w, w), 1, 1);
    add("up3", CausalConv3d.of(w), 1, 2);
    add("res3", new ResBlock3d(w, w), 1, 1);
    add("outNorm", new ChannelNorm(w), 1, 1);
    add("out", CausalConv3d.of(config.channels()), 1, 1);
  }

  private void add(String name, Block block, int time, int space) {
    layers.add(addChildBlock(name, block));
    upsampleBefore.add(new int[] {time, space});
  }

  /**
   * Nearest-neighbour upsampling of (B, C, T, H, W): space ×{@code space}; time ×2 if {@code time}
   * is 2, the first frame kept single, so 1 + k frames become 1 + 2k.
   */
  static NDArray upsample(NDArray x, int time, int space) {
    if (space > 1) {
      x = x.repeat(3, space).repeat(4, space); // (B, C, T, sH, sW)
    }
    if (time > 1 && x.getShape().get(2) > 1) {
      NDArray first = x.get(new NDIndex(":, :, :1"));
      NDArray rest = x.get(new NDIndex(":, :, 1:")).repeat(2, time); // each frame twice, in order
      x = NDArrays.concat(new NDList(first, rest), 2); // (B, C, 1 + 2k, ·, ·)
    }
    return x;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.head();
    for (int i = 0; i < layers.size(); i++) {
      int[] up = upsampleBefore.get(i);
      x = upsample(x, up[0], up[1]);
      NDArray in = x;
      if (i == layers.size() - 1) {
        x = ResBlock3d.silu(x); // after the last norm
      }
      x = layers.get(i).forward(ps, new NDList(x), training).head();
      if (config.residual() && (i == 0 || up[1] > 1)) {
        // The latent's channels repeated, or the upsampled input's averaged: (B, C', T, H, W).
        x = x.add(Shortcuts.channels(in, (int) x.getShape().get(1)));
      }
    }
    return new NDList(x);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    for (int i = 0; i < layers.size(); i++) {
      int[] up = upsampleBefore.get(i);
      s =
          new Shape(
              s.get(0),
              s.get(1),
              up[0] > 1 ? 1 + up[0] * (s.get(2) - 1) : s.get(2),
              s.get(3) * up[1],
              s.get(4) * up[1]);
      layers.get(i).initialize(manager, dataType, s);
      s = layers.get(i).getOutputShapes(new Shape[] {s})[0];
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {
      new Shape(
          s.get(0),
          config.channels(),
          VaeConfig.videoFrames((int) s.get(2)),
          s.get(3) * VaeConfig.SPACE,
          s.get(4) * VaeConfig.SPACE)
    };
  }
}
