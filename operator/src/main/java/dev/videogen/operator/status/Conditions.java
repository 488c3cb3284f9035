package dev.videogen.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes-style conditions ({@code metav1.Condition}) kept the way {@code kubectl wait} and
 * GitOps health checks expect: one entry per type, {@code lastTransitionTime} changed only when the
 * status flips, so a reconcile that finds nothing new writes an identical list (no status churn).
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String SUSPENDED = "Suspended";

  private Conditions() {}

  /**
   * {@code previous} with the condition {@code type} set: a copy of the list, sorted by type. The
   * previous entry's transition time is kept when {@code status} did not change.
   */
  public static List<Condition> set(
      List<Condition> previous,
      String type,
      boolean status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    String value = status ? "True" : "False";
    Optional<Condition> old = find(previous, type);
    String since =
        old.filter(c -> value.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    Condition updated =
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message == null ? "" : truncate(message, 1024))
            .withObservedGeneration(generation)
            .withLastTransitionTime(since)
            .build();
    List<Condition> out = new ArrayList<>();
    if (previous != null) {
      previous.stream().filter(c -> !type.equals(c.getType())).forEach(out::add);
    }
    out.add(updated);
    out.sort(Comparator.comparing(Condition::getType));
    return out;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** Cuts {@code text} to at most {@code max} characters, marking the cut. */
  public static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
