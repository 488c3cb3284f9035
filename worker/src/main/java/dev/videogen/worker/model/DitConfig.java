package dev.videogen.worker.model;

import dev.videogen.api.v1alpha1.spec.ModelPreset;
import dev.videogen.api.v1alpha1.spec.ModelSpec;

/**
 * The whole architecture of a patch-DiT in one immutable value, passed to every block.
 *
 * @param depth DiT blocks
 * @param width hidden size D of every token
 * @param heads attention heads (width must be divisible by heads)
 * @param mlpRatio MLP hidden size as a multiple of width
 * @param patchT frames per spacetime patch
 * @param patchH rows per patch
 * @param patchW columns per patch
 * @param channels channels of the video (3 in pixel space) or of the latent
 * @param textDepth transformer blocks of the jointly trained byte-level text encoder
 * @param textLength bytes of prompt the text encoder reads (longer prompts are cut)
 * @param prediction what the output head predicts; null (a configuration saved before this field
 *     existed) reads as {@link Prediction#VELOCITY}, what those models were trained to predict
 */
public record DitConfig(
    int depth,
    int width,
    int heads,
    int mlpRatio,
    int patchT,
    int patchH,
    int patchW,
    int channels,
    int textDepth,
    int textLength,
    Prediction prediction) {

  public DitConfig {
    if (prediction == null) {
      prediction = Prediction.VELOCITY;
    }
    require(depth >= 1, "depth must be at least 1");
    require(heads >= 1 && width >= 8 && width % heads == 0, "width must be divisible by heads");
    require(width % 2 == 0, "width must be even (sin-cos positions come in pairs)");
    require(patchT >= 1 && patchH >= 1 && patchW >= 1, "patch sizes must be positive");
    require(channels >= 1 && textDepth >= 0 && textLength >= 4, "channels, text depth and length");
  }

  /** A configuration whose head predicts the clean video ({@link Prediction#DATA}). */
  public DitConfig(
      int depth,
      int width,
      int heads,
      int mlpRatio,
      int patchT,
      int patchH,
      int patchW,
      int channels,
      int textDepth,
      int textLength) {
    this(
        depth,
        width,
        heads,
        mlpRatio,
        patchT,
        patchH,
        patchW,
        channels,
        textDepth,
        textLength,
        Prediction.DATA);
  }

  /** For tests: a few hundred thousand parameters, trains on a 2-core CPU in seconds. */
  public static DitConfig tiny() {
    return new DitConfig(2, 96, 4, 4, 2, 4, 4, 3, 1, 48);
  }

  /** DiT-S scale (depth 12, width 384, 6 heads). */
  public static DitConfig small() {
    return new DitConfig(12, 384, 6, 4, 1, 2, 2, 4, 4, 96);
  }

  /** DiT-B scale (depth 12, width 768, 12 heads). */
  public static DitConfig base() {
    return new DitConfig(12, 768, 12, 4, 1, 2, 2, 4, 6, 128);
  }

  /** DiT-L scale (depth 24, width 1024, 16 heads). */
  public static DitConfig large() {
    return new DitConfig(24, 1024, 16, 4, 1, 2, 2, 4, 8, 128);
  }

  /** DiT-XL scale (depth 28, width 1152, 16 heads), as in the DiT paper's XL/2. */
  public static DitConfig xl() {
    return new DitConfig(28, 1152, 16, 4, 1, 2, 2, 4, 12, 128);
  }

  public static DitConfig preset(ModelPreset preset) {
    return switch (preset) {
      case tiny -> tiny();
      case small -> small();
      case base -> base();
      case large -> large();
      case xl -> xl();
    };
  }

  /**
   * The preset of {@code spec} with its overrides applied; {@code channels} is the pixel or latent
   * channel count the model works on.
   */
  public static DitConfig from(ModelSpec spec, int channels) {
    DitConfig c = preset(spec.getPreset() == null ? ModelPreset.tiny : spec.getPreset());
    var patch = spec.getPatchSize();
    return new DitConfig(
        spec.getDepth() != null ? spec.getDepth() : c.depth,
        spec.getWidth() != null ? spec.getWidth() : c.width,
        spec.getHeads() != null ? spec.getHeads() : c.heads,
        c.mlpRatio,
        patch != null && patch.getT() != null ? patch.getT() : c.patchT,
        patch != null && patch.getH() != null ? patch.getH() : c.patchH,
        patch != null && patch.getW() != null ? patch.getW() : c.patchW,
        channels,
        spec.getTextEncoderDepth() != null ? spec.getTextEncoderDepth() : c.textDepth,
        c.textLength,
        c.prediction);
  }

  public DitConfig withDepth(int depth) {
    return new DitConfig(
        depth,
        width,
        heads,
        mlpRatio,
        patchT,
        patchH,
        patchW,
        channels,
        textDepth,
        textLength,
        prediction);
  }

  public DitConfig withWidth(int width, int heads) {
    return new DitConfig(
        depth,
        width,
        heads,
        mlpRatio,
        patchT,
        patchH,
        patchW,
        channels,
        textDepth,
        textLength,
        prediction);
  }

  public DitConfig withPatch(int t, int h, int w) {
    return new DitConfig(
        depth, width, heads, mlpRatio, t, h, w, channels, textDepth, textLength, prediction);
  }

  public DitConfig withChannels(int channels) {
    return new DitConfig(
        depth,
        width,
        heads,
        mlpRatio,
        patchT,
        patchH,
        patchW,
        channels,
        textDepth,
        textLength,
        prediction);
  }

  public DitConfig withPrediction(Prediction prediction) {
    return new DitConfig(
        depth,
        width,
        heads,
        mlpRatio,
        patchT,
        patchH,
        patchW,
        channels,
        textDepth,
        textLength,
        prediction);
  }

  public int headDim() {
    return width / heads;
  }

  /** Values in one patch: C * pt * ph * pw. */
  public int patchDim() {
    return channels * patchT * patchH * patchW;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
