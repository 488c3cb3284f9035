package dev.videogen.operator.trainingrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.api.task.TaskJson;
import dev.videogen.api.task.TaskResult;
import dev.videogen.api.task.TrainingProgress;
import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.TrainingRunStatus;
import dev.videogen.api.v1alpha1.status.Phase;
import dev.videogen.operator.events.EventRecorder;
import dev.videogen.operator.metrics.OperatorMetrics;
import dev.videogen.operator.status.Conditions;
import dev.videogen.operator.workload.CreateOnly;
import dev.videogen.operator.workload.WorkerDefaults;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Reconciles TrainingRuns: observe (the training Job and its pods: progress annotations and final
 * results), validate, act (the trainer's identity, the task ConfigMap, the Job; suspend), status
 * (written when it changed, progress-only changes at most every {@link #PROGRESS_INTERVAL}).
 */
@ControllerConfiguration(name = TrainingRunReconciler.NAME)
public class TrainingRunReconciler implements Reconciler<TrainingRun> {
  public static final String NAME = "trainingrun";

  /** Least time between two status writes that only move step, loss or throughput. */
  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(15);

  private static final Logger LOG = Logger.getLogger(TrainingRunReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final WorkerDefaults defaults;
  private final TrainerIdentity identity;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Map<String, Instant> lastProgressWrite = new ConcurrentHashMap<>();

  public TrainingRunReconciler(
      KubernetesClient client,
      WorkerDefaults defaults,
      TrainerIdentity identity,
      EventRecorder events,
      OperatorMetrics metrics) {
    this.client = client;
    this.defaults = defaults;
    this.identity = identity;
    this.events = events;
    this.metrics = metrics;
  }

  @Override
  public List<EventSource<?, TrainingRun>> prepareEventSources(
      EventSourceContext<TrainingRun> context) {
    metrics.phases(
        "videogen.trainingruns",
        () -> context.getPrimaryCache().list(),
        tr -> tr.getStatus() == null ? null : tr.getStatus().getPhase());
    metrics.trainingProgress(() -> context.getPrimaryCache().list());
    return TrainingRunEventSources.of(context);
  }

  @Override
  public UpdateControl<TrainingRun> reconcile(TrainingRun run, Context<TrainingRun> context) {
    // Observe.
    Job job = context.getSecondaryResource(Job.class).orElse(null);
    List<Pod> pods = List.copyOf(context.getSecondaryResources(Pod.class));
    boolean running =
        pods.stream()
            .anyMatch(
                p ->
                    p.getStatus() != null
                        && "Running".equals(p.getStatus().getPhase())
                        && p.getMetadata().getDeletionTimestamp() == null);

    // Validate: the schema already did; the worker checks what needs the data or the checkpoint.
    String invalid = invalid(run);
    // The autoencoder is resolved once, when the Job is made; its task fixes it from then on.
    AutoencoderCheckpoints.Resolution autoencoder =
        job == null && invalid == null
            ? AutoencoderCheckpoints.resolve(run, name -> trainingRun(run, name))
            : AutoencoderCheckpoints.Resolution.NONE;
    if (invalid == null) {
      invalid = autoencoder.invalid();
    }

    // Act.
    boolean suspended = Boolean.TRUE.equals(run.getSpec().getSuspend());
    if (invalid == null && autoencoder.waiting() == null) {
      if (job == null) {
        job = start(run, autoencoder.checkpoint());
      } else if (unfinished(job)
          && !Objects.equals(Boolean.TRUE.equals(job.getSpec().getSuspend()), suspended)) {
        setSuspend(job, suspended);
      }
    }

    // Status.
    TrainingRunStatus previous = run.getStatus();
    TrainingRunStatus status =
        TrainingRunStatusBuilder.build(
            new TrainingRunObservation(
                run.getMetadata().getGeneration(),
                previous,
                run.getSpec().getTraining().getSteps(),
                run.getSpec().getCheckpoint().getLocation(),
                suspended,
                job,
                running,
                newestProgress(pods),
                finalResult(pods),
                invalid,
                autoencoder.waiting(),
                Instant.now()));
    announce(run, previous, status);
    metrics.refreshTraining();
    // Waiting for an autoencoder run needs no polling: a change to it reconciles this run again
    // (TrainingRunEventSources).
    if (Objects.equals(comparable(previous, false), comparable(status, false))) {
      return UpdateControl.noUpdate();
    }
    String key = run.getMetadata().getUid();
    boolean onlyProgress = Objects.equals(comparable(previous, true), comparable(status, true));
    Instant last = lastProgressWrite.get(key);
    if (onlyProgress && last != null && last.plus(PROGRESS_INTERVAL).isAfter(Instant.now())) {
      // Throttled: GitOps tools and etcd see at most one progress write per interval.
      return UpdateControl.<TrainingRun>noUpdate().rescheduleAfter(PROGRESS_INTERVAL);
    }
    lastProgressWrite.put(key, Instant.now());
    run.setStatus(status);
    return UpdateControl.patchStatus(run);
  }

  @Override
  public ErrorStatusUpdateControl<TrainingRun> updateErrorStatus(
      TrainingRun run, Context<TrainingRun> context, Exception e) {
    metrics.reconcileError(NAME, e);
    LOG.warnf(
        e,
        "reconciling TrainingRun %s/%s failed",
        run.getMetadata().getNamespace(),
        run.getMetadata().getName());
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  private static boolean unfinished(Job job) {
    var kind = dev.videogen.operator.videojob.StageState.of(job).kind();
    return kind != dev.videogen.operator.videojob.StageState.Kind.Succeeded
        && kind != dev.videogen.operator.videojob.StageState.Kind.Failed;
  }

  static String invalid(TrainingRun run) {
    var uri = run.getSpec().getCheckpoint().getLocation();
    if (uri.startsWith("file://")) {
      return "spec.checkpoint.location: file:// URIs are for local runs (worker run); in a"
          + " cluster use s3:// or pvc://claim/path";
    }
    if (run.getSpec().getDataset().getUri() != null
        && run.getSpec().getDataset().getUri().startsWith("file://")) {
      return "spec.dataset.uri: file:// URIs are for local runs; use s3:// or pvc://claim/path";
    }
    return null;
  }

  private Optional<TrainingRun> trainingRun(TrainingRun run, String name) {
    return Optional.ofNullable(
        client
            .resources(TrainingRun.class)
            .inNamespace(run.getMetadata().getNamespace())
            .withName(name)
            .get());
  }

  private Job start(TrainingRun run, String autoencoder) {
    Optional<String> account = identity.ensure(run.getMetadata().getNamespace());
    CreateOnly.create(client, TrainingResources.configMap(run, autoencoder));
    Job created =
        CreateOnly.create(
            client, TrainingResources.job(run, autoencoder, defaults, account.orElse(null)));
    events.normal(
        run,
        "Started",
        "training Job "
            + created.getMetadata().getName()
            + " created: "
            + run.getSpec().getTraining().getSteps()
            + " steps, checkpoints in "
            + run.getSpec().getCheckpoint().getLocation());
    return created;
  }

  private void setSuspend(Job job, boolean suspend) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(job.getMetadata().getNamespace())
        .withName(job.getMetadata().getName())
        .edit(
            j -> {
              j.getSpec().setSuspend(suspend);
              return j;
            });
  }

  /** The newest progress report among the run's pods (a replacement pod may not have one yet). */
  static TrainingProgress newestProgress(List<Pod> pods) {
    return pods.stream()
        .map(p -> p.getMetadata().getAnnotations())
        .filter(a -> a != null && a.containsKey(TrainingProgress.ANNOTATION))
        .map(a -> parseProgress(a.get(TrainingProgress.ANNOTATION)))
        .flatMap(Optional::stream)
        .max(Comparator.comparingLong(TrainingProgress::step))
        .orElse(null);
  }

  private static Optional<TrainingProgress> parseProgress(String json) {
    try {
      return Optional.of(TaskJson.readProgress(json));
    } catch (RuntimeException e) {
      return Optional.empty(); // a report we cannot read is skipped, the next one counts
    }
  }

  /** The result of the pod that ended the run (succeeded, or failed for good), if any. */
  static TaskResult finalResult(List<Pod> pods) {
    return pods.stream()
        .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
        .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp()).reversed())
        .flatMap(p -> p.getStatus().getContainerStatuses().stream())
        .map(c -> c.getState() == null ? null : c.getState().getTerminated())
        .filter(t -> t != null && t.getMessage() != null)
        .map(
            t -> {
              try {
                return TaskJson.readResult(t.getMessage());
              } catch (RuntimeException e) {
                return null;
              }
            })
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** Status as JSON; without the fields progress reports move when {@code withoutProgress}. */
  private static JsonNode comparable(TrainingRunStatus status, boolean withoutProgress) {
    if (status == null) {
      return null;
    }
    JsonNode tree = JSON.valueToTree(status);
    if (withoutProgress && tree instanceof ObjectNode o) {
      o.remove(List.of("step", "loss", "samplesPerSecond"));
      if (o.get("conditions") != null) {
        o.get("conditions").forEach(c -> ((ObjectNode) c).remove("message"));
      }
    }
    return tree;
  }

  private void announce(TrainingRun run, TrainingRunStatus previous, TrainingRunStatus status) {
    Phase before = previous == null ? null : previous.getPhase();
    if (before == status.getPhase()) {
      return;
    }
    String message =
        Conditions.find(status.getConditions(), Conditions.READY)
            .map(io.fabric8.kubernetes.api.model.Condition::getMessage)
            .orElse("");
    LOG.infof(
        "TrainingRun %s/%s: %s -> %s: %s",
        run.getMetadata().getNamespace(),
        run.getMetadata().getName(),
        before,
        status.getPhase(),
        message);
    if (status.getPhase() == Phase.Failed) {
      events.warning(run, "Failed", message);
    } else {
      events.normal(run, status.getPhase().name(), message);
    }
  }
}
