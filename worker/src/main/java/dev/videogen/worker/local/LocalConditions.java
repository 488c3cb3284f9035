package dev.videogen.worker.local;

import dev.videogen.api.v1alpha1.status.CommonStatus;
import dev.videogen.api.v1alpha1.status.Phase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Phase and conditions of a locally run resource, in the shape the operator writes: one condition
 * per type (Ready, Progressing, Succeeded, Failed, Suspended), sorted by type, the transition time
 * kept while a condition's status holds.
 */
final class LocalConditions {
  private LocalConditions() {}

  /**
   * Sets {@code status}'s phase to {@code phase} with the conditions that go with it.
   *
   * @param reason CamelCase reason of the phase's condition (Rendering, Succeeded, NotSupported...)
   */
  static void set(CommonStatus status, Phase phase, String reason, String message, Instant now) {
    status.setPhase(phase);
    List<Condition> conditions = status.getConditions();
    // Ready and the phase's own condition carry the message; the others only the reason.
    conditions = put(conditions, "Ready", phase == Phase.Succeeded, reason, message, now);
    conditions = put(conditions, "Progressing", phase, Phase.Running, reason, message, now);
    conditions = put(conditions, "Succeeded", phase, Phase.Succeeded, reason, message, now);
    conditions = put(conditions, "Failed", phase, Phase.Failed, reason, message, now);
    conditions = put(conditions, "Suspended", phase, Phase.Suspended, reason, message, now);
    status.setConditions(conditions);
  }

  private static List<Condition> put(
      List<Condition> previous,
      String type,
      Phase phase,
      Phase own,
      String reason,
      String message,
      Instant now) {
    return put(previous, type, phase == own, reason, phase == own ? message : "", now);
  }

  private static List<Condition> put(
      List<Condition> previous,
      String type,
      boolean value,
      String reason,
      String message,
      Instant now) {
    String text = value ? "True" : "False";
    String since =
        previous == null
            ? null
            : previous.stream()
                .filter(c -> type.equals(c.getType()) && text.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime)
                .findFirst()
                .orElse(null);
    List<Condition> out = new ArrayList<>();
    if (previous != null) {
      previous.stream().filter(c -> !type.equals(c.getType())).forEach(out::add);
    }
    out.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(text)
            .withReason(reason)
            .withMessage(message == null ? "" : truncate(message))
            .withLastTransitionTime(
                since != null ? since : now.truncatedTo(ChronoUnit.SECONDS).toString())
            .build());
    out.sort(Comparator.comparing(Condition::getType));
    return out;
  }

  private static String truncate(String text) {
    return text.length() <= 1024 ? text : text.substring(0, 1023) + "…";
  }
}
