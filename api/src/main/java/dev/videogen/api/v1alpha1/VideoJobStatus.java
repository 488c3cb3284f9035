package dev.videogen.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.videogen.api.v1alpha1.status.Artifact;
import dev.videogen.api.v1alpha1.status.CommonStatus;
import dev.videogen.api.v1alpha1.status.FailedShard;
import dev.videogen.api.v1alpha1.status.PlanSummary;
import dev.videogen.api.v1alpha1.status.ShardCounts;
import dev.videogen.api.v1alpha1.status.VideoProgress;
import java.util.ArrayList;
import java.util.List;

/** What happened to a VideoJob: plan, shards, progress and the artifacts it produced. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VideoJobStatus extends CommonStatus {
  /** At most this many failed shards are listed; {@code shards.failed} counts all of them. */
  public static final int MAX_FAILED_SHARDS = 10;

  @JsonPropertyDescription("The plan chosen for the job.")
  private PlanSummary plan;

  @JsonPropertyDescription("Shards by state.")
  private ShardCounts shards;

  @JsonPropertyDescription("The most recent failed shards (at most 10), with reasons.")
  private List<FailedShard> failedShards;

  @JsonPropertyDescription("Frames done so far.")
  private VideoProgress progress;

  @JsonPropertyDescription("The files produced, with checksums and media information.")
  private List<Artifact> artifacts = new ArrayList<>();

  @JsonPropertyDescription(
      "Wall time from start to completion (or to now while running), e.g. 3m12s.")
  private String duration;

  @JsonPropertyDescription(
      "The model checkpoint the job renders with: spec.model.checkpoint, or the latest checkpoint"
          + " of the TrainingRun it names when the job started.")
  private String checkpoint;

  public PlanSummary getPlan() {
    return plan;
  }

  public void setPlan(PlanSummary plan) {
    this.plan = plan;
  }

  public ShardCounts getShards() {
    return shards;
  }

  public void setShards(ShardCounts shards) {
    this.shards = shards;
  }

  public List<FailedShard> getFailedShards() {
    return failedShards;
  }

  public void setFailedShards(List<FailedShard> failedShards) {
    this.failedShards = failedShards;
  }

  public VideoProgress getProgress() {
    return progress;
  }

  public void setProgress(VideoProgress progress) {
    this.progress = progress;
  }

  public List<Artifact> getArtifacts() {
    return artifacts;
  }

  public void setArtifacts(List<Artifact> artifacts) {
    this.artifacts = artifacts;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public String getCheckpoint() {
    return checkpoint;
  }

  public void setCheckpoint(String checkpoint) {
    this.checkpoint = checkpoint;
  }
}
