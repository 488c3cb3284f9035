package dev.videogen.operator.videojob;

import dev.videogen.api.task.TaskJson;
import dev.videogen.api.task.TaskResult;
import dev.videogen.api.v1alpha1.VideoJobStatus;
import dev.videogen.api.v1alpha1.status.FailedShard;
import dev.videogen.operator.status.Conditions;
import dev.videogen.operator.workload.WorkerLabels;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads worker pods: why shards failed (their termination messages: a task result with an error, or
 * the log's tail) and what finished shards produced.
 */
public final class ShardFailures {
  public static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  private ShardFailures() {}

  /** The most recent failed attempt of each failed shard, newest first, at most ten. */
  public static List<FailedShard> of(List<Pod> pods) {
    Map<String, List<Pod>> byShard = new LinkedHashMap<>();
    for (Pod pod : pods) {
      if ("Failed".equals(phase(pod)) && !disrupted(pod)) {
        byShard.computeIfAbsent(shardKey(pod), k -> new ArrayList<>()).add(pod);
      }
    }
    List<List<Pod>> shards = new ArrayList<>(byShard.values());
    shards.forEach(attempts -> attempts.sort(Comparator.comparing(ShardFailures::finishedAt)));
    shards.sort(Comparator.comparing((List<Pod> a) -> finishedAt(a.get(a.size() - 1))).reversed());
    return shards.stream()
        .limit(VideoJobStatus.MAX_FAILED_SHARDS)
        .map(attempts -> failure(attempts.get(attempts.size() - 1), attempts.size()))
        .toList();
  }

  /** The task result a succeeded pod of {@code stage} reported for completion index {@code i}. */
  public static Optional<TaskResult> result(List<Pod> pods, String stage, int index) {
    return pods.stream()
        .filter(p -> "Succeeded".equals(phase(p)))
        .filter(p -> (stage + "/" + index).equals(shardKey(p)))
        .map(ShardFailures::terminated)
        .flatMap(Optional::stream)
        .map(ContainerStateTerminated::getMessage)
        .map(ShardFailures::parse)
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static FailedShard failure(Pod pod, int attempts) {
    FailedShard f = new FailedShard();
    f.setStage(labels(pod).get(WorkerLabels.STAGE));
    f.setIndex(index(pod));
    f.setAttempts(attempts);
    Optional<ContainerStateTerminated> t = terminated(pod);
    String message = t.map(ContainerStateTerminated::getMessage).orElse(null);
    Optional<TaskResult> result = Optional.ofNullable(message).flatMap(ShardFailures::parse);
    if (result.isPresent() && result.get().error() != null) {
      f.setReason(result.get().error().reason());
      f.setMessage(Conditions.truncate(result.get().error().message(), 512));
    } else {
      int exit = t.map(ContainerStateTerminated::getExitCode).orElse(-1);
      String reason = t.map(ContainerStateTerminated::getReason).orElse("Error");
      f.setReason("OOMKilled".equals(reason) ? "OutOfMemory" : "ExitCode" + Math.max(0, exit));
      f.setMessage(message == null ? reason : Conditions.truncate(message.strip(), 512));
    }
    return f;
  }

  private static Optional<TaskResult> parse(String message) {
    if (message == null || message.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(TaskJson.readResult(message));
    } catch (RuntimeException e) {
      return Optional.empty(); // not a task result: the log's tail after a crash
    }
  }

  /** Evicted, preempted or drained: the Job does not count it, nor do we. */
  private static boolean disrupted(Pod pod) {
    return pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Optional<ContainerStateTerminated> terminated(Pod pod) {
    List<ContainerStatus> statuses =
        pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
    if (statuses == null) {
      return Optional.empty();
    }
    return statuses.stream()
        .map(s -> s.getState() == null ? null : s.getState().getTerminated())
        .filter(java.util.Objects::nonNull)
        .findFirst();
  }

  private static String finishedAt(Pod pod) {
    return terminated(pod).map(ContainerStateTerminated::getFinishedAt).orElse("");
  }

  private static String shardKey(Pod pod) {
    return labels(pod).get(WorkerLabels.STAGE) + "/" + index(pod);
  }

  private static Integer index(Pod pod) {
    String value = labels(pod).get(COMPLETION_INDEX);
    if (value == null && pod.getMetadata().getAnnotations() != null) {
      value = pod.getMetadata().getAnnotations().get(COMPLETION_INDEX);
    }
    try {
      return value == null ? null : Integer.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Map<String, String> labels(Pod pod) {
    return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }
}
