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

  @JsonPropertyDescription("Frames of the finished video.")
  private Long frames;

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
}
