package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The built-in synthetic world: procedural clips of coloured shapes in motion, captioned from the
 * ground truth. Some (colour, shape, direction) combinations are held out of training.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SyntheticDataset {
  @Min(0)
  @JsonPropertyDescription("Seed of the world; clips are generated on the fly. Default 0.")
  private Long seed;

  @Min(16)
  @Max(1024)
  @JsonPropertyDescription("Largest clip side in pixels. Default: the model preset's size.")
  private Integer maxSize;

  @Min(1)
  @Max(64)
  @JsonPropertyDescription("Frames per second of the clips. Default 8.")
  private Integer fps;

  public Long getSeed() {
    return seed;
  }

  public void setSeed(Long seed) {
    this.seed = seed;
  }

  public Integer getMaxSize() {
    return maxSize;
  }

  public void setMaxSize(Integer maxSize) {
    this.maxSize = maxSize;
  }

  public Integer getFps() {
    return fps;
  }

  public void setFps(Integer fps) {
    this.fps = fps;
  }
}
