package dev.videogen.worker.store;

/**
 * A directory-like artifact that has no completion marker: its writer crashed, or is still writing,
 * so its files must not be trusted (see {@link CompletionMarker}).
 */
public final class IncompleteArtifactException extends ArtifactStoreException {
  private static final long serialVersionUID = 1L;

  public IncompleteArtifactException(String message) {
    super(message);
  }
}
