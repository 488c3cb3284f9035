package dev.videogen.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Labels and annotations of the objects the operator creates for a resource. Label values are
 * limited to 63 characters, so the owner's name is shortened where needed; the full name travels in
 * an annotation, from which a pod or Job is mapped back to its owner.
 */
public final class WorkerLabels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "videogen-operator";
  public static final String VIDEOJOB = "videogen.dev/videojob";
  public static final String TRAININGRUN = "videogen.dev/trainingrun";
  public static final String STAGE = "videogen.dev/stage";

  /** Annotation with the owner's full name (labels may hold a shortened one). */
  public static final String OWNER_NAME = "videogen.dev/owner-name";

  /** Selects every object the operator made for resources of {@code ownerLabel}'s kind. */
  public static String selector(String ownerLabel) {
    return MANAGED_BY + "=" + OPERATOR + "," + ownerLabel;
  }

  private WorkerLabels() {}

  /** Labels of a worker Job and its pods for {@code owner}. */
  public static Map<String, String> of(String ownerLabel, HasMetadata owner, String stage) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, "videogen-worker");
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(ownerLabel, ObjectNames.join(owner.getMetadata().getName()));
    if (stage != null) {
      labels.put(STAGE, stage);
    }
    return labels;
  }

  /** Annotations of a worker Job and its pods for {@code owner}. */
  public static Map<String, String> annotations(HasMetadata owner) {
    return Map.of(OWNER_NAME, owner.getMetadata().getName());
  }
}
