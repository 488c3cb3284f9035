package dev.videogen.worker.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Layer normalisation over the channels of each position (t, y, x) on its own, with a learned scale
 * and shift per channel. Unlike group normalisation, whose statistics span all frames and pixels,
 * it keeps the encoder causal in time and makes chunks and tiles compute what the whole video does.
 *
 * <p>Shapes: (B, C, T, H, W) → (B, C, T, H, W).
 */
final class ChannelNorm extends AbstractBlock {
  private final int channels;
  private final Parameter scale;
  private final Parameter shift;

  ChannelNorm(int channels) {
    this.channels = channels;
    scale = addParameter(perChannel("scale", Parameter.Type.GAMMA, Initializer.ONES));
    shift = addParameter(perChannel("shift", Parameter.Type.BETA, Initializer.ZEROS));
  }

  private Parameter perChannel(String name, Parameter.Type type, Initializer initializer) {
    return Parameter.builder()
        .setName(name)
        .setType(type)
        .optShape(new Shape(channels))
        .optInitializer(initializer)
        .build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.head(); // (B, C, T, H, W)
    NDArray mean = x.mean(new int[] {1}, true); // (B, 1, T, H, W)
    NDArray centred = x.sub(mean);
    // The epsilon as a tensor PyTorch allocates, never a Java number (see Attention).
    NDArray epsilon = x.getManager().full(new Shape(), 1e-6f, x.getDataType());
    NDArray std = centred.square().mean(new int[] {1}, true).add(epsilon).sqrt();
    Shape perChannel = new Shape(1, channels, 1, 1, 1);
    NDArray g = ps.getValue(scale, x.getDevice(), training).reshape(perChannel);
    NDArray b = ps.getValue(shift, x.getDevice(), training).reshape(perChannel);
    return new NDList(centred.div(std).mul(g).add(b));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
