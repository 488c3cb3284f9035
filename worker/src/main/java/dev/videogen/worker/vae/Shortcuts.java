package dev.videogen.worker.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The parameter-free paths that {@link VaeConfig#residual()} adds around every change of resolution
 * and around the latent bottleneck (DC-AE's residual autoencoding, Chen et al. 2024): the
 * convolutions there learn a residual over a fixed resampling instead of the whole map, which is
 * what lets a high-compression autoencoder train quickly. Causal as the convolutions they bypass.
 */
final class Shortcuts {
  private Shortcuts() {}

  /**
   * Average pooling over 2 × 2 pixels and, if {@code time} is 2, over frame pairs with the first
   * frame on its own, as the strided causal convolution groups them: output frame 0 is frame 0,
   * output frame j ≥ 1 averages frames 2j − 1 and 2j.
   *
   * <p>Shapes: (B, C, T, H, W) → (B, C, T', H/2, W/2), T' = T if {@code time} is 1, else (T + 1)/2
   * for T = 1 + 2k.
   */
  static NDArray pool(NDArray x, int time) {
    Shape s = x.getShape();
    long frames = s.get(2);
    if (time > 1) {
      // Frame 0 twice, so that (0, 0), (1, 2), (3, 4) … pair up: (B, C, 2 + 2k, H, W).
      x = NDArrays.concat(new NDList(x.get(new NDIndex(":, :, :1")), x), 2);
      frames = (frames + 1) / 2;
    }
    // (B, C, T', t, H/2, 2, W/2, 2), averaged over t and both 2s.
    // (one axis at a time: PyTorch's engine in DJL reduces over one axis per call).
    return x.reshape(s.get(0), s.get(1), frames, time, s.get(3) / 2, 2, s.get(4) / 2, 2)
        .mean(new int[] {7})
        .mean(new int[] {5})
        .mean(new int[] {3});
  }

  /**
   * {@code x} with {@code out} channels: each channel repeated r times and then groups of g
   * neighbouring channels averaged, C·r = out·g = lcm(C, out). So C a multiple of {@code out}
   * averages groups of C / out, {@code out} a multiple of C repeats each channel out / C times, and
   * any other pair mixes neighbours in proportion.
   *
   * <p>Shapes: (B, C, T, H, W) → (B, C·r, T, H, W) → (B, out, g, T, H, W) → (B, out, T, H, W).
   */
  static NDArray channels(NDArray x, int out) {
    Shape s = x.getShape();
    long in = s.get(1);
    if (in == out) {
      return x;
    }
    long lcm = in / gcd(in, out) * out;
    if (lcm > in) {
      x = x.repeat(1, lcm / in); // channel c → c·r … c·r + r − 1
    }
    return lcm == out
        ? x
        : x.reshape(s.get(0), out, lcm / out, s.get(2), s.get(3), s.get(4)).mean(new int[] {2});
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
