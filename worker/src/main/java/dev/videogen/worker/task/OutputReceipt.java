package dev.videogen.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.api.task.TaskJson;
import dev.videogen.api.task.TaskOutcome;
import dev.videogen.api.task.TaskResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The completion marker of a task's output, written after the output itself: the result the task
 * reported, and the fingerprint of what made it (the task document and the digests of its
 * checkpoint and inputs). A re-run of the same task on the same inputs finds it and reports the
 * result again without rendering; a changed task or input does not match, and the output is made
 * anew. It sits in a frame directory as {@code result.json} ({@code CompletionMarker.SHARD}) and
 * beside a file as {@code <name>.result.json}.
 *
 * <pre>{"fingerprint": "<sha256>", "result": {...the task's Result document...}}</pre>
 */
record OutputReceipt(String fingerprint, TaskResult result) {
  private static final ObjectMapper JSON = new ObjectMapper();

  OutputReceipt {
    if (result.outcome() != TaskOutcome.Succeeded || result.artifacts().isEmpty()) {
      throw new IllegalArgumentException("a receipt records a succeeded result with its artifact");
    }
  }

  byte[] toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("fingerprint", fingerprint);
    try {
      node.set("result", JSON.readTree(TaskJson.write(result)));
      return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a receipt", e);
    }
  }

  /**
   * The receipt in {@code bytes}, or empty if they are not one this build wrote (an older format or
   * a damaged file): the output is then made again, never trusted.
   */
  static Optional<OutputReceipt> parse(byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      String fingerprint = node.path("fingerprint").asText(null);
      JsonNode result = node.get("result");
      if (fingerprint == null || result == null) {
        return Optional.empty();
      }
      return Optional.of(new OutputReceipt(fingerprint, TaskJson.readResult(result.toString())));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
