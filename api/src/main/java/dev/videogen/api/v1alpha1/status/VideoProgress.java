package dev.videogen.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How far a VideoJob has got, in frames. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VideoProgress {
  @JsonPropertyDescription("Frames done as a percentage of all frames, 0 to 100.")
  private Integer percent;

  private Long framesDone;
  private Long framesTotal;

  public Integer getPercent() {
    return percent;
  }

  public void setPercent(Integer percent) {
    this.percent = percent;
  }

  public Long getFramesDone() {
    return framesDone;
  }

  public void setFramesDone(Long framesDone) {
    this.framesDone = framesDone;
  }

  public Long getFramesTotal() {
    return framesTotal;
  }

  public void setFramesTotal(Long framesTotal) {
    this.framesTotal = framesTotal;
  }
}
