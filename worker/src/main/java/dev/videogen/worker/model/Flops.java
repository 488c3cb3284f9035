package dev.videogen.worker.model;

/**
 * Floating-point operations of the patch-DiT (a multiply-add counts 2), for reporting achieved
 * FLOP/s against the machine's peak. Counts the matrix products, which dominate; norms, activations
 * and the softmax are left out, as in the DiT paper's Gflops.
 */
public final class Flops {
  private Flops() {}

  /** One forward pass of one sample with {@code tokens} video tokens and a prompt of L bytes. */
  public static double forward(DitConfig c, long tokens) {
    double d = c.width();
    double n = tokens;
    double l = c.textLength();
    double dit =
        n * 2 * d * 3 * d // q, k, v
            + 2 * 2 * n * n * d // q·kᵀ and scores·v
            + n * 2 * d * d // output projection
            + n * 2 * d * d // cross-attention queries
            + l * 2 * d * 2 * d // cross-attention keys and values
            + 2 * 2 * n * l * d // cross-attention scores and values
            + n * 2 * d * d // cross-attention output
            + n * 2 * 2 * c.mlpRatio() * d * d // MLP
            + 2 * d * 6 * d; // adaLN modulation
    double text = l * (2 * d * 3 * d + 2 * d * d + 2 * 2 * 4 * d * d) + 2 * 2 * l * l * d;
    double embed = n * 2 * c.patchDim() * d + n * 2 * d * c.patchDim() + 2 * 256 * d + 2 * d * d;
    return c.depth() * dit + c.textDepth() * text + embed;
  }

  /** A training step: forward plus backward (about twice the forward) for a batch. */
  public static double trainingStep(DitConfig c, long tokens, int batch) {
    return 3 * forward(c, tokens) * batch;
  }

  /** Sampling one video: two forward passes per step with guidance, one without. */
  public static double sampling(DitConfig c, long tokens, int steps, boolean guided) {
    return forward(c, tokens) * steps * (guided ? 2 : 1);
  }
}
