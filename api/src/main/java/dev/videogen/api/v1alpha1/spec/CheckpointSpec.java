package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where and how often a TrainingRun saves checkpoints; it resumes from the latest one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointSpec {
  @Required
  @Size(max = ArtifactUri.MAX_LENGTH)
  @ValidationRule(value = ArtifactUri.RULE, message = ArtifactUri.MESSAGE)
  @JsonPropertyDescription("URI prefix checkpoints are written under (one directory per step).")
  private String location;

  @Min(1)
  @JsonPropertyDescription("Save every this many steps (and on SIGTERM). Default 500.")
  private Long everySteps;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Checkpoints kept; older ones are deleted. Default 3.")
  private Integer keep;

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }

  public Long getEverySteps() {
    return everySteps;
  }

  public void setEverySteps(Long everySteps) {
    this.everySteps = everySteps;
  }

  public Integer getKeep() {
    return keep;
  }

  public void setKeep(Integer keep) {
    this.keep = keep;
  }
}
