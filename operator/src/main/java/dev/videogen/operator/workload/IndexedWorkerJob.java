package dev.videogen.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import java.util.List;
import java.util.Map;

/**
 * An Indexed batch/v1 Job of worker pods: pod i runs task i of its stage (Kubernetes gives it
 * {@code JOB_COMPLETION_INDEX}). Retries are counted per index ({@code backoffLimitPerIndex}), so
 * one flaky shard does not use up the others' retries; a disruption (preemption, node drain,
 * eviction) is not counted at all; an invalid task (worker exit code {@value #EXIT_INVALID_TASK})
 * fails its index at once, since retrying cannot help. One index failing for good fails the Job
 * ({@code maxFailedIndexes: 0}): the video cannot be finished without it, so the other shards' GPUs
 * are released early.
 */
public final class IndexedWorkerJob {
  /** Worker exit code for a task that can never succeed (bad input, unreadable checkpoint). */
  public static final int EXIT_INVALID_TASK = 2;

  /** Label Kueue reads to queue a Job. */
  public static final String KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";

  private IndexedWorkerJob() {}

  /**
   * What the Job looks like.
   *
   * @param completions tasks in the stage
   * @param parallelism pods running at once (at most {@code completions})
   * @param backoffLimitPerIndex retries of one task (disruptions not counted)
   * @param suspend create the Job suspended (the resource is suspended, or Kueue admits it)
   * @param queueName Kueue LocalQueue, or null
   */
  public record Shape(
      String name,
      Map<String, String> labels,
      Map<String, String> annotations,
      int completions,
      int parallelism,
      int backoffLimitPerIndex,
      boolean suspend,
      String queueName) {}

  /** The Job in {@code owner}'s namespace, owned by it (deleted with it). */
  public static Job build(HasMetadata owner, Shape shape, PodTemplateSpec template) {
    JobBuilder job =
        new JobBuilder()
            .withNewMetadata()
            .withName(shape.name())
            .withNamespace(owner.getMetadata().getNamespace())
            .withLabels(shape.labels())
            .withAnnotations(shape.annotations())
            .withOwnerReferences(OwnerReferences.controller(owner))
            .endMetadata()
            .withNewSpec()
            .withCompletionMode("Indexed")
            .withCompletions(shape.completions())
            .withParallelism(Math.max(1, Math.min(shape.parallelism(), shape.completions())))
            .withBackoffLimitPerIndex(shape.backoffLimitPerIndex())
            .withMaxFailedIndexes(0)
            .withSuspend(shape.suspend())
            .withNewPodFailurePolicy()
            .withRules(failurePolicy())
            .endPodFailurePolicy()
            .withTemplate(template)
            .endSpec();
    if (shape.queueName() != null) {
      job.editMetadata().addToLabels(KUEUE_QUEUE_LABEL, shape.queueName()).endMetadata();
    }
    return job.build();
  }

  private static List<PodFailurePolicyRule> failurePolicy() {
    return List.of(
        new PodFailurePolicyRuleBuilder()
            .withAction("Ignore") // preemption, eviction, node drain: not the task's fault
            .addNewOnPodCondition()
            .withType("DisruptionTarget")
            .withStatus("True")
            .endOnPodCondition()
            .build(),
        new PodFailurePolicyRuleBuilder()
            .withAction("FailIndex")
            .withNewOnExitCodes()
            .withContainerName(WorkerPodTemplate.CONTAINER)
            .withOperator("In")
            .withValues(EXIT_INVALID_TASK)
            .endOnExitCodes()
            .build());
  }
}
