package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Sampler settings: Euler steps of the rectified flow, classifier-free guidance, the seed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SamplingSpec {
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Euler steps from noise to video, 1 to 1000. Default 30.")
  private Integer steps;

  @Min(0)
  @Max(50)
  @JsonPropertyDescription(
      "Classifier-free guidance scale: 1 disables guidance, higher follows the prompt more"
          + " closely. Default 7.")
  private Double guidanceScale;

  @Min(0)
  @JsonPropertyDescription(
      "Seed of the initial noise; the same spec and seed render the same video. Default 0.")
  private Long seed;

  public Integer getSteps() {
    return steps;
  }

  public void setSteps(Integer steps) {
    this.steps = steps;
  }

  public Double getGuidanceScale() {
    return guidanceScale;
  }

  public void setGuidanceScale(Double guidanceScale) {
    this.guidanceScale = guidanceScale;
  }

  public Long getSeed() {
    return seed;
  }

  public void setSeed(Long seed) {
    this.seed = seed;
  }
}
