package dev.videogen.worker.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the store for an artifact URI: {@code file:///path}, {@code pvc://claim/path} (the claim
 * mounted under {@link StoreSettings#pvcRoot()}) or {@code s3://bucket/prefix}. The URI is checked
 * first ({@link StoreUri#parse}), so a bad one fails before any I/O.
 */
public final class ArtifactStores {
  private ArtifactStores() {}

  /** Opens {@code uri} with settings from the process environment. */
  public static ArtifactStore open(String uri) throws IOException {
    return open(uri, StoreSettings.fromEnvironment());
  }

  public static ArtifactStore open(String uri, StoreSettings settings) throws IOException {
    StoreUri parsed = StoreUri.parse(uri);
    return switch (parsed.scheme()) {
      case FILE -> {
        Path root = Path.of("/" + parsed.path());
        yield new FileStore(parsed, root, root);
      }
      case PVC -> {
        Path mount = settings.pvcRoot().resolve(parsed.authority());
        if (!Files.isDirectory(mount)) {
          throw new ArtifactStoreException(
              "cannot open "
                  + parsed
                  + ": claim '"
                  + parsed.authority()
                  + "' is not mounted at "
                  + mount
                  + " (the pod must mount it there; set "
                  + StoreSettings.PVC_ROOT_ENV
                  + " where claims are mounted elsewhere)");
        }
        yield new FileStore(parsed, mount.resolve(parsed.path()), mount);
      }
      case S3 -> S3Store.connect(parsed, settings.s3());
    };
  }
}
