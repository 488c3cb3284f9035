package dev.videogen.operator.videojob;

import dev.videogen.api.plan.Plan;
import dev.videogen.api.plan.PlanningException;
import dev.videogen.api.plan.ShardPlanner;
import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.api.v1alpha1.VideoJobStatus;
import dev.videogen.operator.events.EventRecorder;
import dev.videogen.operator.metrics.OperatorMetrics;
import dev.videogen.operator.status.Conditions;
import dev.videogen.operator.videojob.VideoJobObservation.Blocker;
import dev.videogen.operator.workload.WorkerLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reconciles VideoJobs in a fixed order, Flink-operator style: observe (the stage Jobs and their
 * pods), validate (semantic checks, planning, the model checkpoint), act (create the next stage's
 * ConfigMap and Job, propagate suspend), status (built by {@link VideoJobStatusBuilder}, written
 * only when it changed). The operator never writes the spec.
 */
@ControllerConfiguration(name = VideoJobReconciler.NAME)
public class VideoJobReconciler implements Reconciler<VideoJob> {
  public static final String NAME = "videojob";
  private static final Logger LOG = Logger.getLogger(VideoJobReconciler.class);

  private final StageRunner stages;
  private final EventRecorder events;
  private final OperatorMetrics metrics;

  public VideoJobReconciler(StageRunner stages, EventRecorder events, OperatorMetrics metrics) {
    this.stages = stages;
    this.events = events;
    this.metrics = metrics;
  }

  @Override
  public List<EventSource<?, VideoJob>> prepareEventSources(EventSourceContext<VideoJob> context) {
    metrics.phases(
        "videogen.videojobs",
        () -> context.getPrimaryCache().list(),
        vj -> vj.getStatus() == null ? null : vj.getStatus().getPhase());
    return VideoJobEventSources.of(context);
  }

  @Override
  public UpdateControl<VideoJob> reconcile(VideoJob job, Context<VideoJob> context) {
    // Observe.
    Map<String, Job> jobs = new LinkedHashMap<>();
    context
        .getSecondaryResources(Job.class)
        .forEach(j -> jobs.put(j.getMetadata().getLabels().get(WorkerLabels.STAGE), j));
    List<Pod> pods = List.copyOf(context.getSecondaryResources(Pod.class));
    pods.forEach(this::recordShardDuration);

    // Validate.
    Plan plan = null;
    Blocker blocked = null;
    List<String> problems = VideoJobValidator.validate(job.getSpec());
    if (!problems.isEmpty()) {
      blocked = Blocker.invalid("InvalidSpec", String.join("; ", problems));
    } else {
      try {
        plan = ShardPlanner.plan(job.getSpec());
      } catch (PlanningException e) {
        blocked = Blocker.invalid("InvalidSpec", e.getMessage());
      }
    }
    String checkpoint = null;
    if (blocked == null) {
      Optional<TrainingRun> run = context.getSecondaryResource(TrainingRun.class);
      ModelCheckpoints.Resolution r = ModelCheckpoints.resolve(job, jobs.values(), run);
      checkpoint = r.checkpoint();
      blocked = r.blocked();
    }
    if (blocked == null && jobs.isEmpty()) {
      blocked =
          StageRunner.checkDocuments(job, plan, checkpoint)
              .map(m -> Blocker.invalid("InvalidSpec", m))
              .orElse(null);
    }

    // Act.
    boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
    if (blocked == null) {
      Optional<String> missing = stages.missingClaims(job);
      if (missing.isPresent()) {
        blocked = Blocker.waiting("WaitingForVolume", missing.get());
      } else {
        stages.advance(job, plan, checkpoint, jobs, context);
        stages.propagateSuspend(job, jobs.values(), suspended);
      }
    }

    // Status.
    VideoJobStatus previous = job.getStatus();
    VideoJobStatus status =
        VideoJobStatusBuilder.build(
            new VideoJobObservation(
                job.getMetadata().getGeneration(),
                previous,
                suspended,
                plan,
                blocked,
                checkpoint,
                jobs,
                pods,
                Instant.now()));
    announce(job, previous, status);
    if (Objects.equals(Statuses.comparable(previous), Statuses.comparable(status))) {
      return UpdateControl.noUpdate();
    }
    job.setStatus(status);
    return UpdateControl.patchStatus(job);
  }

  @Override
  public ErrorStatusUpdateControl<VideoJob> updateErrorStatus(
      VideoJob job, Context<VideoJob> context, Exception e) {
    metrics.reconcileError(NAME, e);
    LOG.warnf(
        e,
        "reconciling VideoJob %s/%s failed",
        job.getMetadata().getNamespace(),
        job.getMetadata().getName());
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  /** Events for phase changes: Normal while things go well, Warning for failures. */
  private void announce(VideoJob job, VideoJobStatus previous, VideoJobStatus status) {
    var before = previous == null ? null : previous.getPhase();
    if (before == status.getPhase()) {
      return;
    }
    String message =
        Conditions.find(status.getConditions(), Conditions.READY)
            .map(io.fabric8.kubernetes.api.model.Condition::getMessage)
            .orElse(status.getPhase().name());
    LOG.infof(
        "VideoJob %s/%s: %s -> %s: %s",
        job.getMetadata().getNamespace(),
        job.getMetadata().getName(),
        before,
        status.getPhase(),
        message);
    switch (status.getPhase()) {
      case Failed -> events.warning(job, "Failed", message);
      case Succeeded -> events.normal(job, "Succeeded", message);
      default -> events.normal(job, status.getPhase().name(), message);
    }
  }

  private void recordShardDuration(Pod pod) {
    if (!"Succeeded".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())
        || pod.getStatus().getContainerStatuses() == null) {
      return;
    }
    pod.getStatus().getContainerStatuses().stream()
        .map(s -> s.getState() == null ? null : s.getState().getTerminated())
        .filter(t -> t != null && t.getStartedAt() != null && t.getFinishedAt() != null)
        .findFirst()
        .ifPresent(
            t -> {
              Instant started = Instant.parse(t.getStartedAt());
              Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
              metrics.shardFinished(
                  pod.getMetadata().getUid(),
                  pod.getMetadata().getNamespace(),
                  pod.getMetadata().getLabels().get(WorkerLabels.STAGE),
                  java.time.Duration.between(started, Instant.parse(t.getFinishedAt())).toMillis()
                      / 1000.0,
                  Math.max(0, java.time.Duration.between(created, started).toMillis() / 1000.0));
            });
  }
}
