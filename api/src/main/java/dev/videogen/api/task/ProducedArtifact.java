package dev.videogen.api.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.videogen.api.v1alpha1.spec.OutputFormat;
import dev.videogen.api.v1alpha1.status.Artifact;
import java.util.regex.Pattern;

/**
 * A file (or PNG frame directory) a task wrote, with its SHA-256 and media information. For a PNG
 * frame directory, {@code sha256} is the SHA-256 of its listing in {@code sha256sum} format (one
 * {@code <sha256> <name>} line per frame, in frame order) and {@code bytes} the sum of its files.
 */
public record ProducedArtifact(
    String uri,
    String sha256,
    @JsonProperty(required = true) long bytes,
    OutputFormat format,
    int frames,
    Integer width,
    Integer height) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public ProducedArtifact {
    Checks.uri(uri, "artifacts.uri");
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("artifacts.sha256 must be 64 lowercase hex digits");
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("artifacts.bytes must not be negative");
    }
    Checks.present(format, "artifacts.format");
    Checks.positive(frames, "artifacts.frames");
  }

  /** The entry of {@code VideoJob.status.artifacts} for this artifact. */
  public Artifact toStatus() {
    Artifact artifact = new Artifact();
    artifact.setUri(uri);
    artifact.setSha256(sha256);
    artifact.setBytes(bytes);
    artifact.setFormat(format.name());
    artifact.setFrames(frames);
    artifact.setWidth(width);
    artifact.setHeight(height);
    return artifact;
  }
}
