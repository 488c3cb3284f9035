package dev.videogen.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A file a job wrote to the artifact store, with what it holds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Artifact {
  @JsonPropertyDescription("Where it is (s3://, pvc:// or file://).")
  private String uri;

  @JsonPropertyDescription("SHA-256 of the file, hex.")
  private String sha256;

  @JsonPropertyDescription("Size in bytes.")
  private Long bytes;

  @JsonPropertyDescription("File type: mp4, webm, gif or png.")
  private String format;

  private Integer width;
  private Integer height;

  @JsonPropertyDescription("Frames in the file (1 for an image).")
  private Integer frames;

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
  }

  public Long getBytes() {
    return bytes;
  }

  public void setBytes(Long bytes) {
    this.bytes = bytes;
  }

  public String getFormat() {
    return format;
  }

  public void setFormat(String format) {
    this.format = format;
  }

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

  public Integer getFrames() {
    return frames;
  }

  public void setFrames(Integer frames) {
    this.frames = frames;
  }
}
