package dev.videogen.api.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Settings every Render task of a job shares: in a stage document they are written once, at stage
 * level, and apply to each task that has none of its own.
 *
 * @param checkpoint URI of the model checkpoint directory
 * @param width width in pixels, or null for the model's training width
 * @param height height in pixels, or null for the model's training height
 * @param fps frames per second of the result's timeline (task positions count in these frames)
 * @param editStrength SDEdit strength in (0, 1] for Guide conditioning; null when there is none
 * @param loop the job makes a seamless loop (its last frames lead into its first)
 */
public record RenderSettings(
    String prompt,
    String negativePrompt,
    String checkpoint,
    Integer width,
    Integer height,
    int fps,
    int steps,
    @JsonProperty(required = true) double guidanceScale,
    Double editStrength,
    boolean loop) {
  public RenderSettings {
    Checks.uri(checkpoint, "settings.checkpoint");
    Checks.positive(fps, "settings.fps");
    Checks.positive(steps, "settings.steps");
    if (guidanceScale < 0) {
      throw new IllegalArgumentException("settings.guidanceScale must not be negative");
    }
    if (editStrength != null && !(editStrength > 0 && editStrength <= 1)) {
      throw new IllegalArgumentException("settings.editStrength must be in (0, 1]");
    }
    if (width != null && width < 1 || height != null && height < 1) {
      throw new IllegalArgumentException("settings.width and settings.height must be positive");
    }
  }
}
