package dev.videogen.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Writes the status of pods the {@link NodeAgent} runs, as a kubelet reports it. */
final class PodStatusWriter {
  private static final Duration STATUS_RETRY = Duration.ofSeconds(30);
  private final KubernetesClient client;

  PodStatusWriter(KubernetesClient client) {
    this.client = client;
  }

  void running(String ns, String name, Container container) {
    String now = Instant.now().toString();
    updateStatus(
        ns,
        name,
        status -> {
          status.setPhase("Running");
          status.setStartTime(now);
          status.setHostIP("127.0.0.1");
          status.setPodIP("127.0.0.1");
          setCondition(status, "Initialized", "True", null, now);
          setCondition(status, "ContainersReady", "True", null, now);
          setCondition(status, "Ready", "True", null, now);
          status.setContainerStatuses(
              List.of(
                  containerStatus(container, true)
                      .withNewState()
                      .withNewRunning()
                      .withStartedAt(now)
                      .endRunning()
                      .endState()
                      .build()));
        });
  }

  void terminated(String ns, String name, Container container, int exitCode, String message) {
    String now = Instant.now().toString();
    updateStatus(
        ns,
        name,
        status -> {
          status.setPhase(exitCode == 0 ? "Succeeded" : "Failed");
          setCondition(status, "ContainersReady", "False", "PodCompleted", now);
          setCondition(status, "Ready", "False", "PodCompleted", now);
          status.setContainerStatuses(
              List.of(
                  containerStatus(container, false)
                      .withNewState()
                      .withNewTerminated()
                      .withExitCode(exitCode)
                      .withReason(exitCode == 0 ? "Completed" : "Error")
                      .withMessage(message.isEmpty() ? null : message)
                      .withFinishedAt(now)
                      .endTerminated()
                      .endState()
                      .build()));
        });
  }

  /**
   * Writes the pod's status as a kubelet does: read, change, update with the read resourceVersion,
   * and on a conflict (the scheduler or a controller wrote in between) read again and retry. A pod
   * that is gone has nothing to report to.
   */
  private void updateStatus(String ns, String name, Consumer<PodStatus> change) {
    long deadline = System.nanoTime() + STATUS_RETRY.toNanos();
    while (true) {
      Pod pod = client.pods().inNamespace(ns).withName(name).get();
      if (pod == null) {
        return;
      }
      if (pod.getStatus() == null) {
        pod.setStatus(new PodStatus());
      }
      change.accept(pod.getStatus());
      try {
        client.pods().inNamespace(ns).resource(pod).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return;
        }
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  /** Sets a pod condition by type, keeping the others (PodScheduled comes from the scheduler). */
  private static void setCondition(
      PodStatus status, String type, String value, String reason, String now) {
    List<PodCondition> conditions =
        new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
    conditions.removeIf(c -> type.equals(c.getType()));
    conditions.add(
        new PodConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withLastTransitionTime(now)
            .build());
    status.setConditions(conditions);
  }

  private static ContainerStatusBuilder containerStatus(Container container, boolean running) {
    return new ContainerStatusBuilder()
        .withName(container.getName())
        .withReady(running)
        .withStarted(running)
        .withImage(container.getImage())
        .withImageID("")
        .withRestartCount(0);
  }
}
