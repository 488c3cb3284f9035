package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Spacetime patch size: each token covers t frames of h x w latent pixels. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PatchSize {
  @Min(1)
  @Max(8)
  @JsonPropertyDescription("Frames per patch.")
  private Integer t;

  @Min(1)
  @Max(16)
  @JsonPropertyDescription("Rows per patch.")
  private Integer h;

  @Min(1)
  @Max(16)
  @JsonPropertyDescription("Columns per patch.")
  private Integer w;

  public Integer getT() {
    return t;
  }

  public void setT(Integer t) {
    this.t = t;
  }

  public Integer getH() {
    return h;
  }

  public void setH(Integer h) {
    this.h = h;
  }

  public Integer getW() {
    return w;
  }

  public void setW(Integer w) {
    this.w = w;
  }
}
