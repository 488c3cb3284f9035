package dev.videogen.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A test-only kubelet: registers one node labelled {@code videogen.dev/executor=local} and runs the
 * first container of each pod bound to it as a local process, so end-to-end tests run the real
 * worker jar.
 *
 * <p>Command, args and env come from the pod spec. Volumes are materialised in a directory per pod:
 * ConfigMap and Secret keys as files, emptyDir as an empty directory, and each
 * PersistentVolumeClaim as one directory per claim shared by every pod (so {@code pvc://} artifacts
 * persist across pods). A process cannot see mount paths, so every mount path (and the termination
 * message path) is rewritten to its local directory in the command, args and env values. Resource
 * requests only matter to the scheduler. Pod status goes Running, then Succeeded or Failed with the
 * exit code and the termination message.
 */
public final class NodeAgent implements AutoCloseable {
  public static final String EXECUTOR_LABEL = "videogen.dev/executor";
  public static final String EXECUTOR_VALUE = "local";

  private final KubernetesClient client;
  private final String nodeName;
  private final Path root;
  private final ExecutorService runner = Executors.newCachedThreadPool();
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
  private final Map<String, Process> running = new ConcurrentHashMap<>();
  private final Map<String, List<String>> entrypoints;
  private final PodStatusWriter status;
  private final java.util.Set<String> started = ConcurrentHashMap.newKeySet();
  private final java.util.Set<String> terminating = ConcurrentHashMap.newKeySet();
  private final Map<String, java.util.concurrent.CompletableFuture<Integer>> reported =
      new ConcurrentHashMap<>();
  private SharedIndexInformer<Pod> informer;

  private NodeAgent(
      KubernetesClient client, String nodeName, Path root, Map<String, List<String>> entrypoints) {
    this.client = client;
    this.nodeName = nodeName;
    this.root = root;
    this.entrypoints = Map.copyOf(entrypoints);
    this.status = new PodStatusWriter(client);
  }

  /** Registers the node and starts running the pods bound to it; pods must set a command. */
  public static NodeAgent start(KubernetesClient client, String nodeName, Path root) {
    return start(client, nodeName, root, Map.of());
  }

  /**
   * Registers the node and starts running the pods bound to it. A container without a command runs
   * its image's local entrypoint from {@code entrypoints} (image → command, e.g. the worker image →
   * {@code java -jar worker.jar}), followed by its args, as a container runtime would.
   */
  public static NodeAgent start(
      KubernetesClient client, String nodeName, Path root, Map<String, List<String>> entrypoints) {
    NodeAgent agent = new NodeAgent(client, nodeName, root, entrypoints);
    agent.register();
    agent.informer =
        client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).inform(agent.handler());
    return agent;
  }

  /** Where the agent keeps its pods' files ({@code pods/<ns>_<name>_<uid>/container.log}). */
  public Path root() {
    return root;
  }

  /** The directory that holds a PersistentVolumeClaim's files. */
  public Path claimDir(String namespace, String claim) {
    return root.resolve("pvc").resolve(namespace).resolve(claim);
  }

  private void register() {
    Map<String, Quantity> capacity =
        Map.of("cpu", new Quantity("2"), "memory", new Quantity("8Gi"), "pods", new Quantity("20"));
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(nodeName)
            .addToLabels(EXECUTOR_LABEL, EXECUTOR_VALUE)
            .addToLabels("kubernetes.io/hostname", nodeName)
            .addToLabels("kubernetes.io/os", "linux")
            .endMetadata()
            .withNewStatus()
            .withCapacity(capacity)
            .withAllocatable(capacity)
            .withConditions(readyCondition())
            .endStatus()
            .build();
    client.resource(node).create();
    // The node lifecycle controller marks a node NotReady without heartbeats.
    heartbeat.scheduleAtFixedRate(this::beat, 0, 5, TimeUnit.SECONDS);
  }

  private void beat() {
    try {
      client
          .nodes()
          .withName(nodeName)
          .editStatus(
              n -> {
                n.getStatus().setConditions(new ArrayList<>(List.of(readyCondition())));
                return n;
              });
    } catch (RuntimeException e) {
      // Tests may delete the node on purpose ("node disappears"); stop beating then.
      if (client.nodes().withName(nodeName).get() == null) {
        heartbeat.shutdown();
      }
    }
  }

  private static NodeCondition readyCondition() {
    String now = Instant.now().toString();
    return new NodeConditionBuilder()
        .withType("Ready")
        .withStatus("True")
        .withReason("KubeletReady")
        .withMessage("videogen node agent is running pods as local processes")
        .withLastHeartbeatTime(now)
        .withLastTransitionTime(now)
        .build();
  }

  private ResourceEventHandler<Pod> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        startIfNew(pod);
      }

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
          terminate(pod);
        } else {
          startIfNew(pod);
        }
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        Process process = running.remove(pod.getMetadata().getUid());
        if (process != null) {
          process.destroy();
        }
      }
    };
  }

  /**
   * Graceful deletion, as a kubelet does it: SIGTERM, SIGKILL after the grace period, then the
   * final status and the pod's removal (the API server waits for the node to confirm).
   */
  private void terminate(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (!terminating.add(uid)) {
      return;
    }
    runner.submit(
        () -> {
          Process process = running.get(uid);
          if (process != null) {
            process.destroy();
            long grace =
                pod.getMetadata().getDeletionGracePeriodSeconds() == null
                    ? 30
                    : pod.getMetadata().getDeletionGracePeriodSeconds();
            try {
              if (!process.waitFor(grace, TimeUnit.SECONDS)) {
                process.destroyForcibly();
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            // run() reports the exit and the termination message; wait until it has.
            try {
              reported(uid).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
              System.err.println(
                  "node agent: no final status for pod " + pod.getMetadata().getName());
            }
          }
          try {
            client
                .pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .withGracePeriod(0)
                .delete();
          } catch (RuntimeException e) {
            System.err.println(
                "node agent: removing pod " + pod.getMetadata().getName() + ": " + e);
          }
        });
  }

  private java.util.concurrent.CompletableFuture<Integer> reported(String uid) {
    return reported.computeIfAbsent(uid, u -> new java.util.concurrent.CompletableFuture<>());
  }

  private synchronized void startIfNew(Pod pod) {
    String uid = pod.getMetadata().getUid();
    boolean pending = pod.getStatus() == null || "Pending".equals(pod.getStatus().getPhase());
    if (!pending || pod.getMetadata().getDeletionTimestamp() != null || !started.add(uid)) {
      return;
    }
    runner.submit(() -> run(pod));
  }

  private void run(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    Container container = pod.getSpec().getContainers().get(0);
    try {
      Path dir = root.resolve("pods").resolve(ns + "_" + name + "_" + pod.getMetadata().getUid());
      Path terminationFile = dir.resolve("termination-log");
      Path log = dir.resolve("container.log");
      LocalPodFilesystem fs =
          LocalPodFilesystem.create(client, pod, container, dir, this::claimDir, terminationFile);

      // Like a container runtime: the image's entrypoint unless the pod sets a command.
      List<String> command = new ArrayList<>();
      if (container.getCommand() != null && !container.getCommand().isEmpty()) {
        container.getCommand().forEach(c -> command.add(fs.rewrite(c)));
      } else if (entrypoints.containsKey(container.getImage())) {
        command.addAll(entrypoints.get(container.getImage()));
      } else {
        status.terminated(
            ns,
            name,
            container,
            128,
            "node agent: no command and no local entrypoint for image " + container.getImage());
        return;
      }
      if (container.getArgs() != null) {
        container.getArgs().forEach(a -> command.add(fs.rewrite(a)));
      }
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      PodEnvironment.of(client, pod, container)
          .forEach((k, v) -> builder.environment().put(k, fs.rewrite(v)));
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        // What a kubelet reports when the container cannot start (e.g. the command is missing).
        status.terminated(ns, name, container, 128, "node agent: cannot start: " + e);
        return;
      }
      running.put(pod.getMetadata().getUid(), process);
      status.running(ns, name, container);
      int exitCode = process.waitFor();
      running.remove(pod.getMetadata().getUid());
      status.terminated(
          ns,
          name,
          container,
          exitCode,
          terminationMessage(container, exitCode, terminationFile, log));
    } catch (IOException e) {
      status.terminated(ns, name, container, 128, "node agent: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The API server refused a status write: say so where the test output shows it.
      System.err.println("node agent: pod " + ns + "/" + name + ": " + e);
      Process process = running.remove(pod.getMetadata().getUid());
      if (process != null) {
        process.destroy();
      }
    }
  }

  /**
   * The termination message file, as a kubelet reads it (at most 4096 bytes); with policy
   * FallbackToLogsOnError, a failed container that wrote none reports the tail of its log.
   */
  private static String terminationMessage(
      Container container, int exitCode, Path terminationFile, Path log) throws IOException {
    String message =
        Files.exists(terminationFile)
            ? Files.readString(terminationFile, StandardCharsets.UTF_8)
            : "";
    if (message.isEmpty()
        && exitCode != 0
        && "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())
        && Files.exists(log)) {
      String all = Files.readString(log, StandardCharsets.UTF_8);
      List<String> lines = all.lines().toList();
      message = String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
      message = message.length() > 2048 ? message.substring(message.length() - 2048) : message;
    }
    return message.length() > 4096 ? message.substring(0, 4096) : message;
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    heartbeat.shutdownNow();
    running.values().forEach(p -> p.destroy());
    runner.shutdownNow();
  }
}
