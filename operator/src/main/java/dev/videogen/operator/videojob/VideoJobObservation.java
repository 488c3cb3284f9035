package dev.videogen.operator.videojob;

import dev.videogen.api.plan.Plan;
import dev.videogen.api.v1alpha1.VideoJobStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the status of a VideoJob is made from, gathered by the reconciler.
 *
 * @param plan the plan, or null when the spec is invalid
 * @param blocked why the job cannot start yet or at all, or null: {@link Blocker}
 * @param checkpoint the model checkpoint URI, or null while it is not known
 * @param jobs the stage Jobs that exist, by stage name
 * @param pods the worker pods of those Jobs
 */
public record VideoJobObservation(
    Long generation,
    VideoJobStatus previous,
    boolean suspended,
    Plan plan,
    Blocker blocked,
    String checkpoint,
    Map<String, Job> jobs,
    List<Pod> pods,
    Instant now) {

  /**
   * Why a job does not run: {@code permanent} blockers (an invalid spec) fail it; the others keep
   * it Pending until they clear (e.g. waiting for a TrainingRun's first checkpoint).
   */
  public record Blocker(String reason, String message, boolean permanent) {
    public static Blocker invalid(String reason, String message) {
      return new Blocker(reason, message, true);
    }

    public static Blocker waiting(String reason, String message) {
      return new Blocker(reason, message, false);
    }
  }
}
