package dev.videogen.worker.task;

import dev.videogen.api.task.ProducedArtifact;
import dev.videogen.api.task.TaskDocument;
import dev.videogen.api.task.TaskJson;
import dev.videogen.worker.store.StoreSettings;
import java.nio.file.Path;
import java.util.List;
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
}
