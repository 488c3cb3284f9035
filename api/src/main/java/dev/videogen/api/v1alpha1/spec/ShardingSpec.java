package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How a VideoJob is split into shards rendered by separate pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ShardingSpec {
  @Default("Auto")
  @JsonPropertyDescription("Auto (default), Single, Sequential or KeyframesThenFill.")
  private ShardingStrategy strategy = ShardingStrategy.Auto;

  @Min(value = 0, inclusive = false)
  @Max(60)
  @JsonPropertyDescription("Seconds of video per shard. Default 4.")
  private Double segmentSeconds;

  @Min(0)
  @Max(64)
  @JsonPropertyDescription(
      "Frames a Sequential segment takes from the one before it, so that they join without a"
          + " seam, and frames taken from an input video to extend or connect. Default 4 (less"
          + " than half a segment when segments are shorter than 9 frames).")
  private Integer overlapFrames;

  @Min(1)
  @Max(1024)
  @JsonPropertyDescription("Most shards rendered at once (pods running in parallel). Default 4.")
  private Integer maxParallel;

  public ShardingStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(ShardingStrategy strategy) {
    this.strategy = strategy;
  }

  public Double getSegmentSeconds() {
    return segmentSeconds;
  }

  public void setSegmentSeconds(Double segmentSeconds) {
    this.segmentSeconds = segmentSeconds;
  }

  public Integer getOverlapFrames() {
    return overlapFrames;
  }

  public void setOverlapFrames(Integer overlapFrames) {
    this.overlapFrames = overlapFrames;
  }

  public Integer getMaxParallel() {
    return maxParallel;
  }

  public void setMaxParallel(Integer maxParallel) {
    this.maxParallel = maxParallel;
  }
}
