package dev.videogen.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * What the autoencoder minimises besides its KL term: the reconstruction's mean squared error,
 * plus, for {@link Kind#TEMPORAL} and {@link Kind#GDL}, {@code weight} times the mean squared
 * difference of neighbouring errors (in time, or in space).
 *
 * <p>{@link #DEFAULT} is {@code TEMPORAL} at weight 4: penalising the frame-to-frame change of the
 * error is penalising the reconstruction's frame-to-frame change against the clip's, which is what
 * flicker measures. At 9,000 steps on the synthetic world it beat MSE alone on every measure (PSNR
 * 32.6 against 31.9 dB, flicker 1.42× against 1.47× the real clips', shapes read in the
 * reconstructions 72% against 59%; docs/vae.md). Checkpoints record the loss they were trained
 * with, so a resumed run keeps it; those written before it was recorded trained with {@link #MSE}.
 *
 * @param kind the loss
 * @param weight the weight of the difference term ({@code TEMPORAL}, {@code GDL}); 0 otherwise
 */
public record ReconstructionLoss(Kind kind, double weight) {
  public enum Kind {
    /** Mean squared error. */
    MSE,
    /** Mean absolute error (Stable Diffusion's VAE); no object survives it here (docs/vae.md). */
    L1,
    /**
     * MSE plus the gradient difference loss (Mathieu et al. 2016): errors of neighbouring pixels.
     */
    GDL,
    /** MSE plus the same over consecutive frames: the error of the frame-to-frame change. */
    TEMPORAL
  }

  public static final ReconstructionLoss MSE = new ReconstructionLoss(Kind.MSE, 0);

  public static final ReconstructionLoss DEFAULT = new ReconstructionLoss(Kind.TEMPORAL, 4);

  public ReconstructionLoss {
    if (kind == null) {
      throw new IllegalArgumentException("the reconstruction loss needs a kind");
    }
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("the loss weight must be finite and >= 0, got " + weight);
    }
  }

  /**
   * The objective of an error (B, C, T, H, W) = reconstruction − video whose mean square is {@code
   * mse}; a scalar, in the error's manager. A single frame (T = 1) has no frame-to-frame change, so
   * {@code TEMPORAL} is then its MSE.
   */
  public NDArray objective(NDArray error, NDArray mse) {
    return switch (kind) {
      case MSE -> mse;
      case L1 -> error.abs().mean();
      case GDL -> mse.add(weighted(edges(error)));
      case TEMPORAL -> error.getShape().get(2) < 2 ? mse : mse.add(weighted(changes(error)));
    };
  }

  /**
   * {@code term} × weight, the weight a PyTorch scalar (a Java one may be freed under autograd).
   */
  private NDArray weighted(NDArray term) {
    return term.mul(term.getManager().full(new Shape(), (float) weight));
  }

  /** Mean squared difference of horizontally and of vertically neighbouring errors. */
  static NDArray edges(NDArray error) {
    NDArray dx = error.get(":, :, :, :, 1:").sub(error.get(":, :, :, :, :-1"));
    NDArray dy = error.get(":, :, :, 1:, :").sub(error.get(":, :, :, :-1, :"));
    return dx.square().mean().add(dy.square().mean());
  }

  /** Mean squared difference of the errors of consecutive frames, for an error with T ≥ 2. */
  static NDArray changes(NDArray error) {
    NDArray dt = error.get(":, :, 1:, :, :").sub(error.get(":, :, :-1, :, :"));
    return dt.square().mean();
  }

  /** {@code mse}, {@code l1}, {@code gdl} or {@code temporal}, as the CLI spells them. */
  public static Kind kind(String name) {
    for (Kind k : Kind.values()) {
      if (k.name().equalsIgnoreCase(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("the loss is mse, l1, gdl or temporal, got " + name);
  }
}
