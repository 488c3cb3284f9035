package dev.videogen.worker.store;

import java.io.IOException;

/**
 * A store operation that failed: the message names the URI and, where it can tell, what to fix
 * (credentials, a missing bucket or mount, a checksum mismatch). It never holds a secret.
 */
public class ArtifactStoreException extends IOException {
  private static final long serialVersionUID = 1L;

  public ArtifactStoreException(String message) {
    super(message);
  }

  public ArtifactStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
