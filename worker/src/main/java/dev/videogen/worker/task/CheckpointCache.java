package dev.videogen.worker.task;

import dev.videogen.worker.store.ArtifactStore;
import dev.videogen.worker.store.ArtifactStores;
import dev.videogen.worker.store.CompletionMarker;
import dev.videogen.worker.store.StoreSettings;
import dev.videogen.worker.train.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a model checkpoint behind a task's checkpoint URI and keeps a local copy, so that the
 * shards of a job that run on one node download it once. The URI names a checkpoint (a directory
 * with its {@code manifest.json}) or a directory of them ({@code step-<n>/}, as a TrainingRun
 * writes), of which the highest complete step is used. Only complete checkpoints count: one without
 * its manifest is being written or was left by a crash.
 *
 * <p>Copies live under {@code $VIDEOGEN_CACHE/checkpoints} (default {@code
 * ~/.cache/videogen/checkpoints}) in a directory named by the URI and the manifest's SHA-256, so a
 * checkpoint rewritten under the same URI is fetched again. A copy is downloaded into a hidden
 * sibling and renamed into place, so concurrent shards never see half of one.
 */
public final class CheckpointCache {
  /** The worker's cache root; checkpoints go to its {@code checkpoints/} directory. */
  public static final String CACHE_ENV = "VIDEOGEN_CACHE";

  private static final String MANIFEST = CompletionMarker.CHECKPOINT.name();
  private static final Pattern STEP_MANIFEST = Pattern.compile("(step-(\\d+))/manifest\\.json");

  private final Path root;
  private final StoreSettings stores;

  public CheckpointCache(Path root, StoreSettings stores) {
    this.root = root.toAbsolutePath();
    this.stores = stores;
  }

  /** {@code $VIDEOGEN_CACHE/checkpoints}, or {@code ~/.cache/videogen/checkpoints}. */
  public static Path defaultRoot(Map<String, String> env) {
    String cache = env.get(CACHE_ENV);
    Path base =
        cache == null || cache.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "videogen")
            : Path.of(cache.trim());
    return base.resolve("checkpoints");
  }

  /** A complete checkpoint in a store: its URI and the SHA-256 of its manifest. */
  public record Found(String uri, String manifestSha256) {}

  /**
   * The checkpoint {@code uri} names: itself if it has a manifest, else its highest complete step.
   *
   * @throws TaskFailure (permanent, CheckpointNotFound) if there is none
   * @throws IOException if the store cannot be read
   */
  public Found find(String uri) throws IOException {
    try (ArtifactStore store = ArtifactStores.open(uri, stores)) {
      if (store.exists(MANIFEST)) {
        return new Found(store.uri(), manifestSha256(store, MANIFEST));
      }
      Optional<String> latest =
          store.list("").stream()
              .map(STEP_MANIFEST::matcher)
              .filter(Matcher::matches)
              .max(Comparator.comparingLong(m -> Long.parseLong(m.group(2))))
              .map(m -> m.group(1));
      if (latest.isEmpty()) {
        throw TaskFailure.permanent(
            TaskFailure.CHECKPOINT_NOT_FOUND,
            "no complete checkpoint at "
                + uri
                + ": expected its manifest.json there, or step-<n>/manifest.json below it (a"
                + " TrainingRun's checkpoint location); a checkpoint without its manifest is"
                + " incomplete and never used");
      }
      String key = latest.get() + "/" + MANIFEST;
      return new Found(store.uri(latest.get()), manifestSha256(store, key));
    }
  }

  /**
   * A local, complete copy of {@code found}, downloaded unless the cache has it.
   *
   * @throws TaskFailure (permanent, CheckpointUnreadable) if the download is not a complete
   *     checkpoint (its files do not match its manifest)
   */
  public Path fetch(Found found) throws IOException {
    Path target = root.resolve(Sha256Hex.of(found.uri() + "\n" + found.manifestSha256()));
    if (Files.isRegularFile(target.resolve(MANIFEST))) {
      return target;
    }
    Files.createDirectories(root);
    Path partial = root.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".partial");
    try {
      try (ArtifactStore store = ArtifactStores.open(found.uri(), stores)) {
        CompletionMarker.CHECKPOINT.fetch(store, "", partial);
      }
      if (!Checkpoint.isComplete(partial)) {
        throw TaskFailure.permanent(
            TaskFailure.CHECKPOINT_UNREADABLE,
            "checkpoint "
                + found.uri()
                + " is damaged: its files do not match its manifest.json (sizes or sha256)");
      }
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        // Another shard on this node fetched the same checkpoint first: use its copy.
      }
      return target;
    } finally {
      deleteRecursively(partial);
    }
  }

  private static String manifestSha256(ArtifactStore store, String key) throws IOException {
    try (InputStream in = store.open(key)) {
      return Sha256Hex.of(in.readAllBytes());
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
