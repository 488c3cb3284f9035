package dev.videogen.worker.train;

import dev.videogen.api.task.CheckpointReference;
import dev.videogen.worker.store.ArtifactStore;
import dev.videogen.worker.store.CompletionMarker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A training run's checkpoints under its {@code checkpoint.location}, in any artifact store: one
 * prefix {@code step-<n>/} per checkpoint ({@link CheckpointReference#key}). A checkpoint is
 * written locally by {@link Checkpoint#save}, then published with its {@code manifest.json} last
 * ({@link CompletionMarker#CHECKPOINT}); it is used only if the manifest is there and, once
 * downloaded, every file matches the manifest's size and sha256. Old checkpoints are deleted marker
 * first, so a reader never sees one half-deleted as complete.
 */
public final class CheckpointStore {
  private static final Pattern STEP = Pattern.compile("step-(\\d{8,})");

  private final ArtifactStore store;
  private final Path scratch;
  private final Consumer<String> log;

  /**
   * @param scratch a local directory for checkpoints on their way to or from the store
   * @param log receives one line per notable event (skipped or deleted checkpoints)
   */
  public CheckpointStore(ArtifactStore store, Path scratch, Consumer<String> log) {
    this.store = store;
    this.scratch = scratch;
    this.log = log;
  }

  /** A checkpoint downloaded and verified. */
  public record Local(CheckpointReference reference, Path dir) {}

  /** Steps of the checkpoints whose manifest exists, oldest first. */
  public List<Long> completeSteps() throws IOException {
    return complete(scan());
  }

  /**
   * The newest checkpoint whose manifest exists and matches its files, downloaded into the scratch
   * directory; incomplete or corrupt ones are skipped (and said so).
   */
  public Optional<Local> latest() throws IOException {
    List<Long> steps = completeSteps();
    for (int i = steps.size() - 1; i >= 0; i--) {
      long step = steps.get(i);
      String key = CheckpointReference.key(step);
      Path dir = scratch.resolve("resume").resolve(key);
      CheckpointDirectory.deleteRecursively(dir);
      CompletionMarker.CHECKPOINT.fetch(store, key, dir);
      if (Checkpoint.isComplete(dir) && Checkpoint.manifestStep(dir) == step) {
        return Optional.of(new Local(new CheckpointReference(store.uri(key), step), dir));
      }
      log.accept(
          "skipping checkpoint "
              + store.uri(key)
              + ": its files do not match its manifest (sizes or sha256)");
      CheckpointDirectory.deleteRecursively(dir);
    }
    return Optional.empty();
  }

  /** Saves {@code trainer}'s state as {@code step-<n>/}, manifest last, and returns it. */
  public CheckpointReference save(Trainable trainer) throws IOException {
    Path local = scratch.resolve("save");
    CheckpointDirectory.deleteRecursively(local);
    Path dir = trainer.save(local);
    String key = CheckpointReference.key(trainer.step());
    CompletionMarker.CHECKPOINT.publish(store, key, dir);
    CheckpointDirectory.deleteRecursively(local);
    return new CheckpointReference(store.uri(key), trainer.step());
  }

  /**
   * Keeps the newest {@code keep} complete checkpoints and deletes the others, and incomplete
   * leftovers (a publish that was cut off) older than the newest complete one.
   */
  public void prune(int keep) throws IOException {
    TreeMap<Long, Boolean> all = scan();
    List<Long> complete = complete(all);
    if (complete.isEmpty()) {
      return;
    }
    long newest = complete.get(complete.size() - 1);
    List<Long> keepSteps = complete.subList(Math.max(0, complete.size() - keep), complete.size());
    for (var e : all.entrySet()) {
      long step = e.getKey();
      boolean stale = e.getValue() ? !keepSteps.contains(step) : step < newest;
      if (stale) {
        CompletionMarker.CHECKPOINT.delete(store, CheckpointReference.key(step));
        log.accept("deleted checkpoint " + store.uri(CheckpointReference.key(step)));
      }
    }
  }

  private static List<Long> complete(TreeMap<Long, Boolean> steps) {
    List<Long> out = new ArrayList<>();
    steps.forEach(
        (step, marker) -> {
          if (marker) {
            out.add(step);
          }
        });
    return out;
  }

  // Step -> whether its manifest exists, for every step-<n>/ prefix in the store.
  private TreeMap<Long, Boolean> scan() throws IOException {
    TreeMap<Long, Boolean> steps = new TreeMap<>();
    for (String key : store.list("")) {
      int slash = key.indexOf('/');
      if (slash < 0) {
        continue;
      }
      Matcher m = STEP.matcher(key.substring(0, slash));
      if (!m.matches()) {
        continue;
      }
      long step = Long.parseLong(m.group(1));
      boolean marker = key.substring(slash + 1).equals(CompletionMarker.CHECKPOINT.name());
      steps.merge(step, marker, Boolean::logicalOr);
    }
    return steps;
  }
}
