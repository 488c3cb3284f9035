package dev.videogen.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Cuts a video into spacetime patches and puts it back together: the tokens of the transformer.
 *
 * <p>Legend: B batch, C channels, T frames, H rows, W columns; a patch is pt × ph × pw; the grid
 * has T' = T / pt, H' = H / ph, W' = W / pw cells and N = T' · H' · W' tokens of P = C · pt · ph ·
 * pw values, ordered time-major (t', then h', then w'). {@link #patchify} takes any channel count
 * (the frame-conditioning input has C + 1 channels), so P there is its channels · pt · ph · pw.
 */
public final class Patchify {
  private Patchify() {}

  /** The token grid (T', H', W') of a (T, H, W) video, or an error naming the bad axis. */
  public static int[] grid(DitConfig c, long frames, long height, long width) {
    if (frames % c.patchT() != 0 || height % c.patchH() != 0 || width % c.patchW() != 0) {
      throw new IllegalArgumentException(
          String.format(
              "a %dx%dx%d (frames x height x width) input does not divide into %dx%dx%d patches",
              frames, height, width, c.patchT(), c.patchH(), c.patchW()));
    }
    return new int[] {
      (int) (frames / c.patchT()), (int) (height / c.patchH()), (int) (width / c.patchW())
    };
  }

  /** (B, C, T, H, W) → (B, N, P). */
  public static NDArray patchify(DitConfig c, NDArray video) {
    Shape s = video.getShape();
    long b = s.get(0);
    long ch = s.get(1);
    int[] g = grid(c, s.get(2), s.get(3), s.get(4));
    return video
        .reshape(b, ch, g[0], c.patchT(), g[1], c.patchH(), g[2], c.patchW())
        .transpose(0, 2, 4, 6, 1, 3, 5, 7) // (B, T', H', W', C, pt, ph, pw)
        .reshape(
            b, (long) g[0] * g[1] * g[2], ch * c.patchT() * c.patchH() * c.patchW()); // (B, N, P)
  }

  /** (B, N, P) → (B, C, T, H, W) for the grid {@code g} = (T', H', W'). */
  public static NDArray unpatchify(DitConfig c, NDArray tokens, int[] g) {
    long b = tokens.getShape().get(0);
    return tokens
        .reshape(b, g[0], g[1], g[2], c.channels(), c.patchT(), c.patchH(), c.patchW())
        .transpose(0, 4, 1, 5, 2, 6, 3, 7) // (B, C, T', pt, H', ph, W', pw)
        .reshape(
            b,
            c.channels(),
            (long) g[0] * c.patchT(),
            (long) g[1] * c.patchH(),
            (long) g[2] * c.patchW());
  }
}
