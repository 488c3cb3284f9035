package dev.videogen.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Status fields every videogen resource has: phase, conditions and the generation they describe.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class CommonStatus {
  @JsonPropertyDescription("Pending, Running, Succeeded, Failed or Suspended.")
  private Phase phase;

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready, Progressing, Succeeded, Failed and Suspended conditions, with reasons and messages.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("When the first pod started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the resource reached Succeeded or Failed (RFC 3339).")
  private String completionTime;

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }
}
