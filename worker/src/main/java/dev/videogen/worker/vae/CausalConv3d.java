package dev.videogen.worker.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 3-D convolution that never looks at later frames: in time the input is padded in front only,
 * with copies of its first frame (kt − 1 of them), and the kernel of output frame t covers input
 * frames up to t·st. In space it is padded symmetrically (kernel 3 → 1 pixel each side).
 *
 * <p>Shapes: (B, C, T, H, W) → (B, filters, ⌊(T − 1) / st⌋ + 1, ⌈H / ss⌉, ⌈W / ss⌉).
 */
final class CausalConv3d extends AbstractBlock {
  private final int kernelTime;
  private final Conv3d conv;

  /** Kernel kt × k × k, stride st in time and ss in space. */
  CausalConv3d(int filters, int kernelTime, int kernelSpace, int strideTime, int strideSpace) {
    this.kernelTime = kernelTime;
    conv =
        addChildBlock(
            "conv",
            Conv3d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernelTime, kernelSpace, kernelSpace))
                .optStride(new Shape(strideTime, strideSpace, strideSpace))
                .optPadding(new Shape(0, kernelSpace / 2, kernelSpace / 2))
                .build());
  }

  /** A 3 × 3 × 3 convolution with stride 1. */
  static CausalConv3d of(int filters) {
    return new CausalConv3d(filters, 3, 3, 1, 1);
  }

  /** A 1 × 1 × 1 convolution: a per-position linear map of the channels. */
  static CausalConv3d pointwise(int filters) {
    return new CausalConv3d(filters, 1, 1, 1, 1);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.head(); // (B, C, T, H, W)
    if (kernelTime > 1) {
      NDArray first = x.get(new NDIndex(":, :, :1")); // (B, C, 1, H, W)
      NDList parts = new NDList();
      for (int i = 1; i < kernelTime; i++) {
        parts.add(first);
      }
      parts.add(x);
      x = NDArrays.concat(parts, 2); // (B, C, kt − 1 + T, H, W)
    }
    return conv.forward(ps, new NDList(x), training);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    conv.initialize(
        manager, dataType, new Shape(s.get(0), s.get(1), s.get(2) + kernelTime - 1, 8, 8));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv.getOutputShapes(
        new Shape[] {
          new Shape(
              inputShapes[0].get(0),
              inputShapes[0].get(1),
              inputShapes[0].get(2) + kernelTime - 1,
              inputShapes[0].get(3),
              inputShapes[0].get(4))
        });
  }
}
