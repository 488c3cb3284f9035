package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What a VideoJob renders and where the result goes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OutputSpec {
  /** Width and height are multiples of this: 8x spatial VAE compression times 2x2 patches. */
  public static final int SIZE_MULTIPLE = 16;

  @Min(SIZE_MULTIPLE)
  @Max(4096)
  @ValidationRule(
      value = "self % 16 == 0",
      message = "must be a multiple of 16 (the model works on 16x16 pixel patches)")
  @JsonPropertyDescription(
      "Width in pixels, a multiple of 16. Default: the model's training width.")
  private Integer width;

  @Min(SIZE_MULTIPLE)
  @Max(4096)
  @ValidationRule(
      value = "self % 16 == 0",
      message = "must be a multiple of 16 (the model works on 16x16 pixel patches)")
  @JsonPropertyDescription(
      "Height in pixels, a multiple of 16. Default: the model's training height.")
  private Integer height;

  @Min(value = 0, inclusive = false)
  @Max(600)
  @JsonPropertyDescription(
      "Length of the video in seconds, at most 600; for Extend, the length of the new content."
          + " Ignored by Image. Default 4.")
  private Double durationSeconds;

  @Min(1)
  @Max(60)
  @JsonPropertyDescription("Frames per second, 1 to 60. Default 8.")
  private Integer fps;

  @JsonPropertyDescription(
      "File type: mp4 (default for videos), webm, gif or png (default for Image).")
  private OutputFormat format;

  @Required
  @Size(max = ArtifactUri.MAX_LENGTH)
  @ValidationRule(value = ArtifactUri.RULE, message = ArtifactUri.MESSAGE)
  @JsonPropertyDescription(
      "URI prefix the results are written under: s3://bucket/prefix, pvc://claim/path, or"
          + " file:///path for local runs.")
  private String location;

  public Integer getWidth() {
    return width;
  }

  public void setWidth(Integer width) {
    this.width = width;
  }

  public Integer getHeight() {
    return height;
  }

  public void setHeight(Integer height) {
    this.height = height;
  }

  public Double getDurationSeconds() {
    return durationSeconds;
  }

  public void setDurationSeconds(Double durationSeconds) {
    this.durationSeconds = durationSeconds;
  }

  public Integer getFps() {
    return fps;
  }

  public void setFps(Integer fps) {
    this.fps = fps;
  }

  public OutputFormat getFormat() {
    return format;
  }

  public void setFormat(OutputFormat format) {
    this.format = format;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }
}
