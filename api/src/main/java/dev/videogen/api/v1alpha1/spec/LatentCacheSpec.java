package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * Latent diffusion on cached latents: clips encoded once when training starts, each step drawing
 * its batch from them, instead of encoding every batch (docs/training.md, "Latent diffusion").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LatentCacheSpec {
  /** Most clips a cache may hold. */
  public static final int MAX_CLIPS = 1_000_000;

  @Required
  @Min(1)
  @Max(MAX_CLIPS)
  @JsonPropertyDescription(
      "Clips encoded once when training starts (and again when it resumes); every step draws its"
          + " batch from them. Held in the worker's memory: latent channels x (1 + frames/4) x"
          + " height/8 x width/8 x 4 bytes a clip.")
  private Integer clips;

  public LatentCacheSpec() {}

  public LatentCacheSpec(Integer clips) {
    this.clips = clips;
  }

  public Integer getClips() {
    return clips;
  }

  public void setClips(Integer clips) {
    this.clips = clips;
  }
}
