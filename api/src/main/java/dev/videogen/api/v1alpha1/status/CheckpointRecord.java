package dev.videogen.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A complete checkpoint a TrainingRun wrote. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointRecord {
  private String uri;
  private Long step;
  private Double loss;
  private String time;

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public Long getStep() {
    return step;
  }

  public void setStep(Long step) {
    this.step = step;
  }

  public Double getLoss() {
    return loss;
  }

  public void setLoss(Double loss) {
    this.loss = loss;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }
}
