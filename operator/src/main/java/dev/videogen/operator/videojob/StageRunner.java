package dev.videogen.operator.videojob;

import dev.videogen.api.plan.Plan;
import dev.videogen.api.plan.Stage;
import dev.videogen.api.task.StageDocument;
import dev.videogen.api.task.TaskDocuments;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.operator.events.EventRecorder;
import dev.videogen.operator.workload.CreateOnly;
import dev.videogen.operator.workload.PvcClaims;
import dev.videogen.operator.workload.WorkerDefaults;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * The VideoJob reconciler's actions on the cluster: start the next stage once the previous one
 * succeeded (its ConfigMap, then its Job: create-only, so a re-run after a lost response changes
 * nothing), and carry {@code spec.suspend} to the Jobs without fighting Kueue, which suspends and
 * admits Jobs of its own.
 */
@ApplicationScoped
public class StageRunner {
  /** Marks a Job the operator suspended because its VideoJob was (Kueue's suspensions lack it). */
  static final String SUSPENDED_BY = "videogen.dev/suspended-by-videojob";

  private final KubernetesClient client;
  private final WorkerDefaults defaults;
  private final EventRecorder events;

  public StageRunner(KubernetesClient client, WorkerDefaults defaults, EventRecorder events) {
    this.client = client;
    this.defaults = defaults;
    this.events = events;
  }

  /**
   * Every stage document of the plan, built before anything starts so a job whose tasks cannot be
   * written (e.g. too large for a ConfigMap) fails at once, not halfway.
   */
  public static Optional<String> checkDocuments(VideoJob job, Plan plan, String checkpoint) {
    Map<String, String> uris =
        TaskDocuments.plannedUris(plan, job.getSpec().getOutput().getLocation());
    try {
      for (Stage stage : plan.stages()) {
        TaskDocuments.forStage(job.getSpec(), plan, stage.index(), checkpoint, uris);
      }
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Creates the first stage that does not exist yet, if every stage before it succeeded. */
  public void advance(
      VideoJob job, Plan plan, String checkpoint, Map<String, Job> jobs, Context<VideoJob> ctx) {
    for (Stage stage : plan.stages()) {
      StageState state = StageState.of(jobs.get(stage.name()));
      if (state.kind() == StageState.Kind.Succeeded) {
        continue;
      }
      if (state.kind() == StageState.Kind.NotCreated) {
        jobs.put(stage.name(), start(job, plan, stage, checkpoint));
      }
      return;
    }
  }

  private Job start(VideoJob job, Plan plan, Stage stage, String checkpoint) {
    String location = job.getSpec().getOutput().getLocation();
    StageDocument document =
        TaskDocuments.forStage(
            job.getSpec(),
            plan,
            stage.index(),
            checkpoint,
            TaskDocuments.plannedUris(plan, location));
    ConfigMap configMap = StageResources.configMap(job, stage, document);
    CreateOnly.create(client, configMap);
    Job desired = StageResources.job(job, plan, stage, claims(job, checkpoint), defaults);
    Map<String, String> annotations = new HashMap<>(desired.getMetadata().getAnnotations());
    annotations.put(ModelCheckpoints.ANNOTATION, checkpoint);
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      annotations.put(SUSPENDED_BY, "true");
    }
    desired.getMetadata().setAnnotations(annotations);
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      desired.getSpec().setSuspend(true);
    } else if (job.getSpec().getQueueName() != null) {
      desired.getSpec().setSuspend(true); // Kueue admits it by unsuspending
    }
    Job created = CreateOnly.create(client, desired);
    events.normal(
        job,
        "StageStarted",
        "stage "
            + (stage.index() + 1)
            + "/"
            + plan.stages().size()
            + " ("
            + stage.name()
            + "): "
            + stage.shards().size()
            + " shard(s), at most "
            + stage.parallelism()
            + " at once, Job "
            + created.getMetadata().getName());
    return created;
  }

  /** Suspends unfinished Jobs of a suspended VideoJob; resumes only those it suspended itself. */
  public void propagateSuspend(VideoJob job, Collection<Job> jobs, boolean suspended) {
    for (Job j : jobs) {
      StageState.Kind kind = StageState.of(j).kind();
      if (kind == StageState.Kind.Succeeded || kind == StageState.Kind.Failed) {
        continue;
      }
      boolean ours =
          j.getMetadata().getAnnotations() != null
              && j.getMetadata().getAnnotations().containsKey(SUSPENDED_BY);
      boolean jobSuspended = Boolean.TRUE.equals(j.getSpec().getSuspend());
      if (suspended && (!jobSuspended || !ours)) {
        patchSuspend(j, true);
      } else if (!suspended && ours) {
        patchSuspend(j, false);
      }
    }
  }

  private void patchSuspend(Job j, boolean suspend) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(j.getMetadata().getNamespace())
        .withName(j.getMetadata().getName())
        .edit(
            current -> {
              current.getSpec().setSuspend(suspend);
              Map<String, String> annotations =
                  new HashMap<>(
                      current.getMetadata().getAnnotations() == null
                          ? Map.of()
                          : current.getMetadata().getAnnotations());
              if (suspend) {
                annotations.put(SUSPENDED_BY, "true");
              } else {
                annotations.remove(SUSPENDED_BY);
              }
              current.getMetadata().setAnnotations(annotations);
              return current;
            });
  }

  /** Why pods could not start: a pvc:// claim that does not exist; empty when all exist. */
  public Optional<String> missingClaims(VideoJob job) {
    List<String> missing =
        claims(job).stream()
            .filter(
                claim ->
                    client
                            .persistentVolumeClaims()
                            .inNamespace(job.getMetadata().getNamespace())
                            .withName(claim)
                            .get()
                        == null)
            .toList();
    return missing.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "PersistentVolumeClaim(s) "
                + String.join(", ", missing)
                + " named by pvc:// URIs do not exist in namespace "
                + job.getMetadata().getNamespace());
  }

  static SortedSet<String> claims(VideoJob job) {
    return PvcClaims.of(VideoJobValidator.uris(job.getSpec()).values());
  }

  /**
   * The claims a stage's pods mount: the spec's, and the checkpoint's, which for a {@code
   * trainingRunRef} comes from the TrainingRun's status and may live on a claim the spec never
   * names.
   */
  static SortedSet<String> claims(VideoJob job, String checkpoint) {
    SortedSet<String> claims = claims(job);
    claims.addAll(PvcClaims.of(Collections.singletonList(checkpoint)));
    return claims;
  }
}
