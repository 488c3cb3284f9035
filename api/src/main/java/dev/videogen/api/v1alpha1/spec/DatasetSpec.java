package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Training data: the built-in synthetic world, or clips with captions in the artifact store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.synthetic) != has(self.uri)",
    message = "set exactly one of synthetic (the built-in world) or uri (your clips)")
public class DatasetSpec {
  @JsonPropertyDescription("Generate clips from the built-in synthetic world.")
  private SyntheticDataset synthetic;

  @Size(max = ArtifactUri.MAX_LENGTH)
  @ValidationRule(value = ArtifactUri.RULE, message = ArtifactUri.MESSAGE)
  @JsonPropertyDescription(
      "URI prefix of video clips with a captions.jsonl beside them ({\"file\": ..., \"caption\": ...}"
          + " per line).")
  private String uri;

  @JsonPropertyDescription(
      "With spec.autoencoder: encode this many clips once and train on their latents, instead of"
          + " encoding every batch.")
  private LatentCacheSpec latentCache;

  public SyntheticDataset getSynthetic() {
    return synthetic;
  }

  public void setSynthetic(SyntheticDataset synthetic) {
    this.synthetic = synthetic;
  }

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public LatentCacheSpec getLatentCache() {
    return latentCache;
  }

  public void setLatentCache(LatentCacheSpec latentCache) {
    this.latentCache = latentCache;
  }
}
