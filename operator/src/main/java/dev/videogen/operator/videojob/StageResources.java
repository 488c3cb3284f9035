package dev.videogen.operator.videojob;

import dev.videogen.api.plan.Plan;
import dev.videogen.api.plan.Stage;
import dev.videogen.api.task.StageDocument;
import dev.videogen.api.task.TaskJson;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.api.v1alpha1.VideoJobSpec;
import dev.videogen.operator.workload.IndexedWorkerJob;
import dev.videogen.operator.workload.ObjectNames;
import dev.videogen.operator.workload.OwnerReferences;
import dev.videogen.operator.workload.WorkerDefaults;
import dev.videogen.operator.workload.WorkerLabels;
import dev.videogen.operator.workload.WorkerPodTemplate;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import java.util.SortedSet;

/**
 * The objects that run one stage of a VideoJob's plan: a ConfigMap holding the stage document and
 * an Indexed Job whose pod i runs task i of it. Pure: the same job, plan and stage give the same
 * objects, so the reconciler only creates what is missing.
 */
public final class StageResources {
  /** Retries of a shard when the spec says nothing (disruptions not counted). */
  public static final int DEFAULT_BACKOFF_LIMIT_PER_SHARD = 2;

  private StageResources() {}

  /** Name of the Job and ConfigMap of {@code stage} of {@code job}. */
  public static String name(VideoJob job, Stage stage) {
    return ObjectNames.join(job.getMetadata().getName(), stage.name());
  }

  public static ConfigMap configMap(VideoJob job, Stage stage, StageDocument document) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name(job, stage))
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(WorkerLabels.of(WorkerLabels.VIDEOJOB, job, stage.name()))
        .withAnnotations(WorkerLabels.annotations(job))
        .withOwnerReferences(OwnerReferences.controller(job))
        .endMetadata()
        .withImmutable(true) // a stage's tasks never change once its pods may have read them
        .addToData(StageDocument.FILE_NAME, TaskJson.write(document))
        .build();
  }

  /**
   * The stage's Job. Stitch-only stages run on CPU; render stages get the worker's GPU resources.
   *
   * @param claims PersistentVolumeClaims the stage reads or writes through pvc:// URIs
   */
  public static Job job(
      VideoJob job, Plan plan, Stage stage, SortedSet<String> claims, WorkerDefaults defaults) {
    VideoJobSpec spec = job.getSpec();
    Map<String, String> labels = WorkerLabels.of(WorkerLabels.VIDEOJOB, job, stage.name());
    boolean renders = stage.shards().stream().anyMatch(s -> s.renderedFrames() > 0);
    WorkerPodTemplate.Workload workload =
        new WorkerPodTemplate.Workload(
            labels,
            WorkerLabels.annotations(job),
            name(job, stage),
            StageDocument.FILE_NAME,
            claims,
            renders,
            WorkerPodTemplate.ApiAccess.NONE);
    IndexedWorkerJob.Shape shape =
        new IndexedWorkerJob.Shape(
            name(job, stage),
            labels,
            WorkerLabels.annotations(job),
            stage.shards().size(),
            stage.parallelism(),
            spec.getBackoffLimitPerShard() != null
                ? spec.getBackoffLimitPerShard()
                : DEFAULT_BACKOFF_LIMIT_PER_SHARD,
            Boolean.TRUE.equals(spec.getSuspend()),
            spec.getQueueName());
    return IndexedWorkerJob.build(
        job,
        shape,
        WorkerPodTemplate.build(workload, spec.getWorker(), spec.getStorage(), defaults));
  }
}
