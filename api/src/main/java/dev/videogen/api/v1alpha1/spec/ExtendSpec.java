package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Settings of the Extend task. The new content lasts {@code output.durationSeconds}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExtendSpec {
  @Default("Forward")
  @JsonPropertyDescription("Forward adds frames after the input, Backward before it.")
  private ExtendDirection direction = ExtendDirection.Forward;

  @JsonPropertyDescription(
      "Make the result a seamless loop: its last frame flows into its first frame.")
  private Boolean loop;

  public ExtendDirection getDirection() {
    return direction;
  }

  public void setDirection(ExtendDirection direction) {
    this.direction = direction;
  }

  public Boolean getLoop() {
    return loop;
  }

  public void setLoop(Boolean loop) {
    this.loop = loop;
  }
}
