package dev.videogen.worker.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A store on a mounted file system: {@code file:///path} for local runs and {@code
 * pvc://claim/path} in pods. Writes go to a hidden temporary file in the target's directory ({@code
 * .<name>.<random>.partial}), are flushed to disk and then renamed over the target, which is atomic
 * on one file system. Every path is checked by its real path, so a symbolic link cannot lead out of
 * the root (the claim's mount for pvc://).
 */
final class FileStore implements ArtifactStore {
  private final StoreUri uri;
  private final Path root;
  private final Path boundary;

  /**
   * @param uri the store's URI
   * @param root the directory that holds the keys
   * @param boundary the directory no path may leave (the claim's mount, or {@code root})
   */
  FileStore(StoreUri uri, Path root, Path boundary) {
    this.uri = uri;
    this.root = root.toAbsolutePath().normalize();
    this.boundary = boundary.toAbsolutePath().normalize();
  }

  @Override
  public String uri() {
    return uri.toString();
  }

  @Override
  public String uri(String key) {
    return uri.child(ArtifactKey.check(key));
  }

  @Override
  public StoredObject put(String key, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return put(key, in);
    }
  }

  @Override
  public StoredObject put(String key, byte[] bytes) throws IOException {
    return put(key, new ByteArrayInputStream(bytes));
  }

  @Override
  public StoredObject put(String key, InputStream in) throws IOException {
    Path target = resolve(key);
    Files.createDirectories(target.getParent());
    confine(target.getParent(), key); // again: a link may sit between the root and the parent
    return write(target, key, in);
  }

  @Override
  public InputStream open(String key) throws IOException {
    return Files.newInputStream(existing(key));
  }

  @Override
  public StoredObject get(String key, Path file) throws IOException {
    Path source = existing(key);
    Path target = file.toAbsolutePath();
    Files.createDirectories(target.getParent());
    try (InputStream in = Files.newInputStream(source)) {
      AtomicWrite.Result written = AtomicWrite.replace(target, in);
      return new StoredObject(key, uri(key), written.bytes(), written.sha256());
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    Path path = resolve(key);
    return Files.isRegularFile(path);
  }

  @Override
  public Optional<StoredObject> stat(String key) throws IOException {
    Path path = resolve(key);
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    // No sidecar to keep in step: the file is only ever replaced whole, so its digest is its own.
    return Optional.of(
        new StoredObject(key, uri(key), Files.size(path), Sha256.hex(Sha256.of(path))));
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    String p = ArtifactKey.checkPrefix(prefix);
    Path dir = p.isEmpty() ? root : resolve(p);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(path)) {
          String key = root.relativize(path).toString();
          if (ArtifactKey.isValid(key)) {
            keys.add(key);
          }
        }
      }
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public void delete(String key) throws IOException {
    Path path = resolve(key);
    if (Files.isDirectory(path)) {
      throw new ArtifactStoreException(uri(key) + " is a directory, not an object");
    }
    Files.deleteIfExists(path);
    // Leave no empty directories behind, so a deleted directory artifact disappears entirely.
    for (Path dir = path.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
      try {
        Files.deleteIfExists(dir);
      } catch (DirectoryNotEmptyException e) {
        break;
      }
    }
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "FileStore[" + uri + " at " + root + "]";
  }

  private StoredObject write(Path target, String key, InputStream in) throws IOException {
    if (Files.isDirectory(target)) {
      throw new ArtifactStoreException(uri(key) + " is a directory, not an object");
    }
    AtomicWrite.Result written = AtomicWrite.replace(target, in);
    return new StoredObject(key, uri(key), written.bytes(), written.sha256());
  }

  private Path existing(String key) throws IOException {
    Path path = resolve(key);
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(uri(key), null, "no such object");
    }
    return path;
  }

  /** The path of {@code key}, checked to stay inside the boundary through any symbolic link. */
  private Path resolve(String key) throws IOException {
    Path path = root.resolve(ArtifactKey.check(key)).normalize();
    confine(path, key);
    return path;
  }

  private void confine(Path path, String key) throws IOException {
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || (boundary.startsWith(existing) && !boundary.equals(existing))) {
      return; // nothing exists below the boundary on this path yet, so no link can redirect it
    }
    Path real = existing.toRealPath();
    Path realBoundary = boundary.toRealPath();
    if (!real.startsWith(realBoundary)) {
      throw new ArtifactStoreException(
          uri(key)
              + " resolves through a symbolic link to "
              + real
              + ", outside "
              + realBoundary
              + ": artifacts may not leave their root");
    }
  }
}
