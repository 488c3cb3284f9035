package dev.videogen.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The shape of the plan the operator chose for a VideoJob. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlanSummary {
  @JsonPropertyDescription("The strategy used (Auto resolved to a concrete one).")
  private String strategy;

  @JsonPropertyDescription("Stages run one after another (e.g. keyframes, fill, stitch).")
  private Integer stages;

  @JsonPropertyDescription("Shards over all stages.")
  private Integer shards;

  @JsonPropertyDescription(
      "Frames of the finished video (for Extend, the new frames joined to the input video).")
  private Long frames;

  @JsonPropertyDescription("Frames rendered over all shards, overlaps and conditioning included.")
  private Long renderedFrames;

  @JsonPropertyDescription(
      "Frames rendered one after another on the longest path through the stages, with maxParallel"
          + " shards at a time: proportional to the wall time of the plan.")
  private Long criticalPathFrames;

  public String getStrategy() {
    return strategy;
  }

  public void setStrategy(String strategy) {
    this.strategy = strategy;
  }

  public Integer getStages() {
    return stages;
  }

  public void setStages(Integer stages) {
    this.stages = stages;
  }

  public Integer getShards() {
    return shards;
  }

  public void setShards(Integer shards) {
    this.shards = shards;
  }

  public Long getFrames() {
    return frames;
  }

  public void setFrames(Long frames) {
    this.frames = frames;
  }

  public Long getRenderedFrames() {
    return renderedFrames;
  }

  public void setRenderedFrames(Long renderedFrames) {
    this.renderedFrames = renderedFrames;
  }

  public Long getCriticalPathFrames() {
    return criticalPathFrames;
  }

  public void setCriticalPathFrames(Long criticalPathFrames) {
    this.criticalPathFrames = criticalPathFrames;
  }
}
