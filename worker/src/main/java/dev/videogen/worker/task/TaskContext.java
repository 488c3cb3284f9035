package dev.videogen.worker.task;

import dev.videogen.api.task.ProducedArtifact;
import dev.videogen.api.task.TaskDocument;
import dev.videogen.api.task.TaskJson;
import dev.videogen.worker.store.StoreSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** What one task run works with: stores, checkpoints, the model call, its listener and clock. */
record TaskContext(
    StoreSettings stores,
    CheckpointCache checkpoints,
    ShardRenderer renderer,
    TaskListener listener,
    BooleanSupplier cancelled,
    TaskClock clock,
    Path scratch) {

  /** The artifact a task produced, and whether it was already there from an earlier run. */
  record Produced(ProducedArtifact artifact, boolean reused) {}

  /** Stops the task here if its run was asked to stop. */
  void checkCancelled(String taskId) {
    if (cancelled.getAsBoolean()) {
      throw new TaskCancelledException(taskId);
    }
  }

  /**
   * What makes an output what it is: the task document (settings included) and the digests of
   * everything it reads, as {@code "<uri> <sha256>"} lines.
   */
  static String fingerprint(TaskDocument task, List<String> inputs) {
    return Sha256Hex.of(TaskJson.write(task) + "\n" + String.join("\n", inputs));
  }

  /**
   * Opens the artifact at {@code uri} (the task field {@code field} names it) unless {@code
   * sources} has it already, and adds its digest line to {@code inputs} the first time.
   */
  void openSource(
      Map<String, ArtifactFrames> sources, String uri, String field, List<String> inputs)
      throws IOException {
    if (!sources.containsKey(uri)) {
      ArtifactFrames source = ArtifactFrames.open(uri, field, stores, scratch);
      sources.put(uri, source);
      inputs.add(source.uri() + " " + source.sha256());
    }
  }

  /**
   * The earlier run's artifact when {@code out} is complete with the same {@code fingerprint}: a
   * re-run of the same task reuses it instead of rendering again.
   */
  Optional<Produced> reused(String taskId, String outputUri, OutputTarget out, String fingerprint)
      throws IOException {
    Optional<OutputReceipt> done = out.receipt().filter(r -> r.fingerprint().equals(fingerprint));
    done.ifPresent(r -> listener.note(taskId, "output " + outputUri + " is complete: reused"));
    return done.map(r -> new Produced(r.result().artifacts().get(0), true));
  }
}
