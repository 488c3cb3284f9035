package dev.videogen.api.task;

import dev.videogen.api.v1alpha1.spec.ModelPreset;
import dev.videogen.api.v1alpha1.spec.ModelSpec;

/**
 * The architecture a Train task trains: a preset with optional overrides, as in {@code
 * TrainingRun.spec.model}. Every override left out takes the preset's value.
 *
 * @param preset tiny (when absent), small, base, large or xl
 * @param patchSize spacetime patch size; each of its sizes overrides the preset's on its own
 * @param textEncoderDepth blocks of the jointly trained text encoder
 * @param latentChannels stage Autoencoder: channels of the latent (width is then the channels of
 *     the autoencoder's first stage)
 */
public record TrainModel(
    ModelPreset preset,
    Integer depth,
    Integer width,
    Integer heads,
    Patch patchSize,
    Integer textEncoderDepth,
    Integer latentChannels) {

  /** Frames, rows and columns per spacetime patch; each null keeps the preset's. */
  public record Patch(Integer t, Integer h, Integer w) {
    public Patch {
      Checks.range(t, 1, 8, "model.patchSize.t");
      Checks.range(h, 1, 16, "model.patchSize.h");
      Checks.range(w, 1, 16, "model.patchSize.w");
    }
  }

  public TrainModel {
    Checks.range(depth, 1, 64, "model.depth");
    Checks.range(width, 8, 8192, "model.width");
    Checks.range(heads, 1, 128, "model.heads");
    Checks.range(textEncoderDepth, 1, 48, "model.textEncoderDepth");
    Checks.range(latentChannels, 1, 64, "model.latentChannels");
    if (width != null && heads != null && width % heads != 0) {
      throw new IllegalArgumentException(
          "model.width " + width + " must be divisible by model.heads " + heads);
    }
  }

  /** The task's model for a TrainingRun's {@code spec.model}; null stays null. */
  public static TrainModel of(ModelSpec spec) {
    if (spec == null) {
      return null;
    }
    var p = spec.getPatchSize();
    return new TrainModel(
        spec.getPreset(),
        spec.getDepth(),
        spec.getWidth(),
        spec.getHeads(),
        p == null ? null : new Patch(p.getT(), p.getH(), p.getW()),
        spec.getTextEncoderDepth(),
        spec.getLatentChannels());
  }

  /** As the CRD type, which the worker's model configuration reads. */
  public ModelSpec toSpec() {
    ModelSpec spec = new ModelSpec();
    spec.setPreset(preset == null ? ModelPreset.tiny : preset);
    spec.setDepth(depth);
    spec.setWidth(width);
    spec.setHeads(heads);
    if (patchSize != null) {
      var p = new dev.videogen.api.v1alpha1.spec.PatchSize();
      p.setT(patchSize.t());
      p.setH(patchSize.h());
      p.setW(patchSize.w());
      spec.setPatchSize(p);
    }
    spec.setTextEncoderDepth(textEncoderDepth);
    spec.setLatentChannels(latentChannels);
    return spec;
  }
}
