package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Settings of the Edit task (SDEdit: the input is noised to {@code strength}, then denoised). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EditSpec {
  @Min(value = 0, inclusive = false)
  @Max(1)
  @JsonPropertyDescription(
      "How far the result may move from the input video, in (0, 1]: small values keep its layout"
          + " and motion, 1 ignores it. Default 0.6.")
  private Double strength;

  public Double getStrength() {
    return strength;
  }

  public void setStrength(Double strength) {
    this.strength = strength;
  }
}
