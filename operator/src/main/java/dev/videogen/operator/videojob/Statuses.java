package dev.videogen.operator.videojob;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.api.v1alpha1.VideoJobStatus;

/** Status comparison that decides whether a status write is needed. */
final class Statuses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Statuses() {}

  /**
   * The status as JSON without the parts that change with the clock alone (the running duration),
   * so a reconcile that finds nothing new does not write: GitOps tools and etcd see no churn.
   */
  static JsonNode comparable(VideoJobStatus status) {
    if (status == null) {
      return null;
    }
    JsonNode tree = JSON.valueToTree(status);
    if (status.getCompletionTime() == null && tree instanceof ObjectNode object) {
      object.remove("duration");
    }
    return tree;
  }
}
