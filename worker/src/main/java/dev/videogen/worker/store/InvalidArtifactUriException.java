package dev.videogen.worker.store;

/**
 * An artifact URI or key that is rejected before any I/O: an unknown scheme, a malformed bucket or
 * claim, or a path that would escape its root. The message says what to write instead.
 */
public final class InvalidArtifactUriException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidArtifactUriException(String message) {
    super(message);
  }
}
