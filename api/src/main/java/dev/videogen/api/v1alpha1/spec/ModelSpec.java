package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** The architecture a TrainingRun trains: a preset, optionally with some sizes overridden. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.width) || !has(self.heads) || self.width % self.heads == 0",
    message = "width must be divisible by heads")
public class ModelSpec {
  @Default("tiny")
  @JsonPropertyDescription("tiny (default, for tests), small, base, large or xl (DiT-XL scale).")
  private ModelPreset preset = ModelPreset.tiny;

  @Min(1)
  @Max(64)
  @JsonPropertyDescription("Transformer blocks (overrides the preset).")
  private Integer depth;

  @Min(8)
  @Max(8192)
  @JsonPropertyDescription("Hidden size (overrides the preset).")
  private Integer width;

  @Min(1)
  @Max(128)
  @JsonPropertyDescription("Attention heads (overrides the preset).")
  private Integer heads;

  @JsonPropertyDescription("Spacetime patch size (overrides the preset).")
  private PatchSize patchSize;

  @Min(1)
  @Max(48)
  @JsonPropertyDescription("Blocks of the jointly trained text encoder (overrides the preset).")
  private Integer textEncoderDepth;

  @Min(1)
  @Max(64)
  @JsonPropertyDescription(
      "Stage Autoencoder only: channels of the latent (default 16, as SD3's and FLUX's VAEs);"
          + " width is then the channels of the autoencoder's first stage.")
  private Integer latentChannels;

  public ModelPreset getPreset() {
    return preset;
  }

  public void setPreset(ModelPreset preset) {
    this.preset = preset;
  }

  public Integer getDepth() {
    return depth;
  }

  public void setDepth(Integer depth) {
    this.depth = depth;
  }

  public Integer getWidth() {
    return width;
  }

  public void setWidth(Integer width) {
    this.width = width;
  }

  public Integer getHeads() {
    return heads;
  }

  public void setHeads(Integer heads) {
    this.heads = heads;
  }

  public PatchSize getPatchSize() {
    return patchSize;
  }

  public void setPatchSize(PatchSize patchSize) {
    this.patchSize = patchSize;
  }

  public Integer getTextEncoderDepth() {
    return textEncoderDepth;
  }

  public void setTextEncoderDepth(Integer textEncoderDepth) {
    this.textEncoderDepth = textEncoderDepth;
  }

  public Integer getLatentChannels() {
    return latentChannels;
  }

  public void setLatentChannels(Integer latentChannels) {
    this.latentChannels = latentChannels;
  }
}
