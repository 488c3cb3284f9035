package dev.videogen.worker.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a directory-like artifact (a checkpoint, a shard's outputs) all-or-nothing: it counts as
 * complete only while its marker object exists, and the marker is written after every other file
 * and deleted before any. A checkpoint's marker is its {@code manifest.json}; a shard's is its
 * result file. Readers ask {@link #isComplete} or {@link #fetch}, which refuses an incomplete one.
 *
 * @param name the marker's name inside the artifact's prefix
 */
public record CompletionMarker(String name) {
  /** A training checkpoint is complete once its manifest exists (see {@code Checkpoint}). */
  public static final CompletionMarker CHECKPOINT = new CompletionMarker("manifest.json");

  /** A shard is complete once its result exists. */
  public static final CompletionMarker SHARD = new CompletionMarker("result.json");

  public CompletionMarker {
    ArtifactKey.check(name);
  }

  /** Whether the artifact under {@code prefix} is complete. */
  public boolean isComplete(ArtifactStore store, String prefix) throws IOException {
    return store.exists(marker(prefix));
  }

  /**
   * Uploads {@code dir} (which must hold the marker) as the artifact {@code prefix}: first
   * withdraws any earlier marker, so a re-run never leaves an old marker over a mix of old and new
   * files, then writes every other file, then the marker.
   */
  public List<StoredObject> publish(ArtifactStore store, String prefix, Path dir)
      throws IOException {
    Path local = dir.resolve(name);
    if (!Files.isRegularFile(local)) {
      throw new NoSuchFileException(
          local.toString(), null, "the artifact's completion marker must exist before publishing");
    }
    store.delete(marker(prefix));
    List<StoredObject> written = new ArrayList<>();
    for (LocalTree.Entry entry : LocalTree.files(dir)) {
      if (!entry.relativeKey().equals(name)) {
        written.add(store.put(ArtifactKey.join(prefix, entry.relativeKey()), entry.file()));
      }
    }
    written.add(store.put(marker(prefix), local));
    return written;
  }

  /**
   * Marks the artifact {@code prefix}, whose other objects are already written, complete with
   * {@code content} (a shard's result JSON).
   */
  public StoredObject markComplete(ArtifactStore store, String prefix, byte[] content)
      throws IOException {
    return store.put(marker(prefix), content);
  }

  /**
   * Downloads the complete artifact {@code prefix} into {@code dir}, marker included.
   *
   * @throws IncompleteArtifactException if it has no marker
   */
  public List<StoredObject> fetch(ArtifactStore store, String prefix, Path dir) throws IOException {
    if (!isComplete(store, prefix)) {
      throw new IncompleteArtifactException(
          store.uri(ArtifactKey.checkPrefix(prefix).isEmpty() ? name : prefix)
              + " is incomplete: it has no "
              + name
              + " (its writer failed or is still writing), so its files are not used");
    }
    return store.getDirectory(prefix, dir);
  }

  /** Deletes the artifact {@code prefix}: the marker first, so it stops counting at once. */
  public void delete(ArtifactStore store, String prefix) throws IOException {
    String marker = marker(prefix);
    store.delete(marker);
    for (String key : store.list(prefix)) {
      store.delete(key);
    }
  }

  private String marker(String prefix) {
    return ArtifactKey.join(prefix, name);
  }
}
