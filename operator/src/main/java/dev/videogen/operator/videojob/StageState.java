package dev.videogen.operator.videojob;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.Optional;

/**
 * Where one stage's Job stands, read from its status: not created, suspended, running, succeeded or
 * failed (with the Job controller's reason and message).
 */
public record StageState(Kind kind, String reason, String message) {
  public enum Kind {
    NotCreated,
    Suspended,
    Running,
    Succeeded,
    Failed
  }

  public static final StageState NOT_CREATED = new StageState(Kind.NotCreated, null, null);

  public static StageState of(Job job) {
    if (job == null) {
      return NOT_CREATED;
    }
    Optional<JobCondition> failed = condition(job, "Failed");
    if (failed.isPresent()) {
      return new StageState(Kind.Failed, failed.get().getReason(), failed.get().getMessage());
    }
    if (condition(job, "Complete").isPresent()) {
      return new StageState(Kind.Succeeded, null, null);
    }
    if (job.getSpec() != null && Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      return new StageState(Kind.Suspended, null, null);
    }
    return new StageState(Kind.Running, null, null);
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }
}
