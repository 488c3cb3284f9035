package dev.videogen.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.videogen.api.v1alpha1.status.CheckpointRecord;
import dev.videogen.api.v1alpha1.status.CommonStatus;
import java.util.ArrayList;
import java.util.List;

/** How far a TrainingRun has got and which checkpoints it has written. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingRunStatus extends CommonStatus {
  /** At most this many checkpoints are listed in the status. */
  public static final int MAX_CHECKPOINTS = 10;

  @JsonPropertyDescription("Optimiser steps done.")
  private Long step;

  @JsonPropertyDescription("Optimiser steps to do (spec.training.steps).")
  private Long totalSteps;

  @JsonPropertyDescription("Training loss, smoothed over recent steps.")
  private Double loss;

  @JsonPropertyDescription("Training throughput in clips per second.")
  private Double samplesPerSecond;

  @JsonPropertyDescription(
      "The newest complete checkpoint: what VideoJobs that reference this run use.")
  private CheckpointRecord latestCheckpoint;

  @JsonPropertyDescription("The most recent complete checkpoints (at most 10).")
  private List<CheckpointRecord> checkpoints = new ArrayList<>();

  public Long getStep() {
    return step;
  }

  public void setStep(Long step) {
    this.step = step;
  }

  public Long getTotalSteps() {
    return totalSteps;
  }

  public void setTotalSteps(Long totalSteps) {
    this.totalSteps = totalSteps;
  }

  public Double getLoss() {
    return loss;
  }

  public void setLoss(Double loss) {
    this.loss = loss;
  }

  public Double getSamplesPerSecond() {
    return samplesPerSecond;
  }

  public void setSamplesPerSecond(Double samplesPerSecond) {
    this.samplesPerSecond = samplesPerSecond;
  }

  public CheckpointRecord getLatestCheckpoint() {
    return latestCheckpoint;
  }

  public void setLatestCheckpoint(CheckpointRecord latestCheckpoint) {
    this.latestCheckpoint = latestCheckpoint;
  }

  public List<CheckpointRecord> getCheckpoints() {
    return checkpoints;
  }

  public void setCheckpoints(List<CheckpointRecord> checkpoints) {
    this.checkpoints = checkpoints;
  }
}
