package dev.videogen.operator.trainingrun;

import dev.videogen.api.task.TaskJson;
import dev.videogen.api.task.TrainTask;
import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.TrainingRunSpec;
import dev.videogen.operator.workload.IndexedWorkerJob;
import dev.videogen.operator.workload.ObjectNames;
import dev.videogen.operator.workload.OwnerReferences;
import dev.videogen.operator.workload.PvcClaims;
import dev.videogen.operator.workload.WorkerDefaults;
import dev.videogen.operator.workload.WorkerLabels;
import dev.videogen.operator.workload.WorkerPodTemplate;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The objects that run a TrainingRun: a ConfigMap with its Train task and a Job of one training
 * pod. The Job restarts a failed pod (each start resumes from the newest checkpoint), does not
 * count disruptions such as preemption, and fails at once on an invalid task. Pure.
 */
public final class TrainingResources {
  public static final String TASK_FILE = "task.json";

  /** Restarts of the training pod before the run fails (disruptions not counted). */
  public static final int BACKOFF_LIMIT = 6;

  /** Time a training pod has after SIGTERM to write its last checkpoint. */
  public static final long GRACE_PERIOD_SECONDS = 120;

  /** The trainer's exit code after SIGTERM, once its last checkpoint is written. */
  public static final int EXIT_STOPPED = 143;

  private TrainingResources() {}

  public static String name(TrainingRun run) {
    return ObjectNames.join(run.getMetadata().getName(), "train");
  }

  public static ConfigMap configMap(TrainingRun run, String autoencoderCheckpoint) {
    TrainTask task =
        TrainTask.of(run.getMetadata().getName(), run.getSpec(), autoencoderCheckpoint);
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name(run))
        .withNamespace(run.getMetadata().getNamespace())
        .withLabels(WorkerLabels.of(WorkerLabels.TRAININGRUN, run, "train"))
        .withAnnotations(WorkerLabels.annotations(run))
        .withOwnerReferences(OwnerReferences.controller(run))
        .endMetadata()
        .addToData(TASK_FILE, TaskJson.write(task))
        .build();
  }

  /**
   * @param autoencoder the checkpoint URI {@code spec.autoencoder} resolved to (its claim is
   *     mounted), or null
   * @param serviceAccount the account training pods run as when the spec names none (it may patch
   *     their progress annotation), or null
   */
  public static Job job(
      TrainingRun run, String autoencoder, WorkerDefaults defaults, String serviceAccount) {
    TrainingRunSpec spec = run.getSpec();
    Map<String, String> labels = WorkerLabels.of(WorkerLabels.TRAININGRUN, run, "train");
    List<String> uris = new ArrayList<>();
    uris.add(spec.getCheckpoint().getLocation());
    uris.add(spec.getResumeFrom());
    uris.add(spec.getDataset().getUri());
    uris.add(autoencoder);
    WorkerPodTemplate.Workload workload =
        new WorkerPodTemplate.Workload(
            labels,
            WorkerLabels.annotations(run),
            name(run),
            TASK_FILE,
            PvcClaims.of(uris),
            true,
            new WorkerPodTemplate.ApiAccess(serviceAccount, GRACE_PERIOD_SECONDS));
    return new JobBuilder()
        .withNewMetadata()
        .withName(name(run))
        .withNamespace(run.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(WorkerLabels.annotations(run))
        .withOwnerReferences(OwnerReferences.controller(run))
        .endMetadata()
        .withNewSpec()
        .withCompletions(1)
        .withParallelism(1)
        .withBackoffLimit(BACKOFF_LIMIT)
        .withSuspend(Boolean.TRUE.equals(spec.getSuspend()))
        .withNewPodFailurePolicy()
        .withRules(
            new PodFailurePolicyRuleBuilder()
                .withAction("Ignore")
                .addNewOnPodCondition()
                .withType("DisruptionTarget")
                .withStatus("True")
                .endOnPodCondition()
                .build(),
            new PodFailurePolicyRuleBuilder()
                .withAction("Ignore") // SIGTERM (deleted, drained): it checkpointed, then exited
                .withNewOnExitCodes()
                .withContainerName(WorkerPodTemplate.CONTAINER)
                .withOperator("In")
                .withValues(EXIT_STOPPED)
                .endOnExitCodes()
                .build(),
            new PodFailurePolicyRuleBuilder()
                .withAction("FailJob")
                .withNewOnExitCodes()
                .withContainerName(WorkerPodTemplate.CONTAINER)
                .withOperator("In")
                .withValues(IndexedWorkerJob.EXIT_INVALID_TASK)
                .endOnExitCodes()
                .build())
        .endPodFailurePolicy()
        .withTemplate(
            WorkerPodTemplate.build(workload, spec.getWorker(), spec.getStorage(), defaults))
        .endSpec()
        .build();
  }
}
