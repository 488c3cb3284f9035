package dev.videogen.worker.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Objects under one artifact URI (a directory, a claim's path or a bucket prefix), addressed by
 * relative keys ({@link ArtifactKey}). Every write is all-or-nothing: a reader sees the previous
 * object or the new one, never part of one, and re-running a write with the same key and bytes
 * gives the same object and checksum. Open one with {@link ArtifactStores#open}.
 */
public interface ArtifactStore extends Closeable {

  /** The store's root URI, without a trailing {@code /}. */
  String uri();

  /** The URI of {@code key}. */
  default String uri(String key) {
    return StoreUri.parse(uri()).child(ArtifactKey.check(key));
  }

  /** Writes {@code file} as {@code key}, replacing any object there; returns what was stored. */
  StoredObject put(String key, Path file) throws IOException;

  /** Writes {@code bytes} as {@code key}. */
  StoredObject put(String key, byte[] bytes) throws IOException;

  /**
   * Writes what {@code in} holds as {@code key}. If reading {@code in} fails, nothing is written.
   * The stream is read to its end but not closed.
   */
  StoredObject put(String key, InputStream in) throws IOException;

  /**
   * Reads {@code key}. Where the store holds a sha256 (S3), reaching the end of a stream whose
   * bytes do not match it throws.
   *
   * @throws NoSuchFileException if there is no such object
   */
  InputStream open(String key) throws IOException;

  /**
   * Copies {@code key} to {@code file} (replaced atomically), checking the stored sha256 where
   * there is one.
   *
   * @throws NoSuchFileException if there is no such object
   */
  StoredObject get(String key, Path file) throws IOException;

  /** Whether an object {@code key} exists. */
  boolean exists(String key) throws IOException;

  /** The object's size and sha256, if it exists. */
  Optional<StoredObject> stat(String key) throws IOException;

  /**
   * The keys below {@code prefix}, a key taken as a directory ({@code ""} for the whole store),
   * recursively and sorted. Hidden temporary files and names that are not valid keys are left out.
   */
  List<String> list(String prefix) throws IOException;

  /** Deletes {@code key}; no error if it does not exist. */
  void delete(String key) throws IOException;

  /**
   * Writes every regular file below {@code dir} as {@code prefix/<relative path>}, in sorted order.
   * Each file is atomic on its own; use {@link CompletionMarker} for the directory as a whole.
   */
  default List<StoredObject> putDirectory(String prefix, Path dir) throws IOException {
    List<StoredObject> written = new ArrayList<>();
    for (LocalTree.Entry entry : LocalTree.files(dir)) {
      written.add(put(ArtifactKey.join(prefix, entry.relativeKey()), entry.file()));
    }
    return written;
  }

  /** Copies every object below {@code prefix} into {@code dir}, keeping relative paths. */
  default List<StoredObject> getDirectory(String prefix, Path dir) throws IOException {
    String p = ArtifactKey.checkPrefix(prefix);
    List<StoredObject> read = new ArrayList<>();
    for (String key : list(p)) {
      String relative = p.isEmpty() ? key : key.substring(p.length() + 1);
      read.add(get(key, dir.resolve(relative)));
    }
    return read;
  }
}
