package dev.videogen.e2e;

import dev.videogen.testing.ApiServer;
import dev.videogen.testing.Crds;
import dev.videogen.testing.HelmChart;
import dev.videogen.testing.K8sBinaries;
import dev.videogen.testing.KwokCluster;
import dev.videogen.testing.NodeAgent;
import dev.videogen.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole product on a kwok cluster: CRDs, the chart's ServiceAccount and RBAC, the packaged
 * operator as a local process with exactly those permissions, and an executing node that runs
 * worker pods as real {@code java -jar videogen-worker.jar} processes (the worker image's
 * entrypoint). Worker pods select that node and request CPU only.
 */
final class E2eCluster implements AutoCloseable {
  static final String SYSTEM_NS = "videogen-system";
  static final String RELEASE = "videogen";
  static final String WORKER_IMAGE = "videogen/worker:e2e";
  static final Duration STARTUP = Duration.ofSeconds(120);

  final KwokCluster cluster;
  final KubernetesClient client;
  final NodeAgent agent;
  final List<HasMetadata> identity;
  final OperatorProcess operator;

  private E2eCluster(
      KwokCluster cluster, NodeAgent agent, List<HasMetadata> identity, OperatorProcess operator) {
    this.cluster = cluster;
    this.client = cluster.client();
    this.agent = agent;
    this.identity = identity;
    this.operator = operator;
  }

  static E2eCluster start(String name) {
    KwokCluster cluster = KwokCluster.create(name + "-" + ProcessHandle.current().pid());
    KubernetesClient client = cluster.client();
    Crds.install(client, Crds.dir());
    namespace(client, SYSTEM_NS);
    List<HasMetadata> identity =
        HelmChart.operator().installIdentity(client, RELEASE, SYSTEM_NS, Map.of());
    // A fresh node each run: claims start empty, as new PersistentVolumes do.
    Path root = Path.of("target", "node-agent-" + name).toAbsolutePath();
    deleteRecursively(root);
    NodeAgent agent =
        NodeAgent.start(client, "local-executor", root, Map.of(WORKER_IMAGE, workerEntrypoint()));
    String account =
        identity.stream()
            .filter(o -> "ServiceAccount".equals(o.getKind()))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();
    String trainerRole =
        identity.stream()
            .filter(o -> o.getMetadata().getName().endsWith("-trainer"))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();
    String cpu = "{\"requests\":{\"cpu\":\"100m\",\"memory\":\"256Mi\"}}";
    OperatorProcess operator =
        OperatorProcess.start(
            cluster.kubeconfig(),
            SYSTEM_NS,
            account,
            Map.of(
                "VIDEOGEN_WORKER_IMAGE", WORKER_IMAGE,
                "VIDEOGEN_WORKER_GPU_RESOURCES", cpu,
                "VIDEOGEN_WORKER_CPU_RESOURCES", cpu,
                "VIDEOGEN_TRAINER_CLUSTER_ROLE", trainerRole),
            Path.of("target", "operator-" + name + ".log").toAbsolutePath());
    operator.awaitReady(STARTUP);
    return new E2eCluster(cluster, agent, identity, operator);
  }

  /** The worker image's entrypoint on this machine: the worker jar the build just packaged. */
  static List<String> workerEntrypoint() {
    Path jar = ApiServer.repoRoot().resolve("worker/target/videogen-worker.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first (./mvnw -pl e2e -am verify)");
    }
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g",
        "-Dai.djl.offline=true",
        "-Dai.djl.pytorch.num_threads=1",
        "-jar",
        jar.toString());
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void namespace(KubernetesClient client, String name) {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  /** A namespace for a test, with a bound claim {@code claim} the executing node maps locally. */
  Path namespaceWithClaim(String namespace, String claim) {
    namespace(client, namespace);
    client
        .serviceAccounts()
        .inNamespace(namespace)
        .withName("default")
        .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
    cluster.createBoundClaim(namespace, claim);
    return agent.claimDir(namespace, claim);
  }

  /** The logs of every pod of {@code namespace} whose name starts with {@code prefix}. */
  String agentLogs(String namespace, String prefix) {
    Path pods = agent.root().resolve("pods");
    StringBuilder out = new StringBuilder();
    try (var dirs = Files.list(pods)) {
      for (Path dir :
          dirs.filter(d -> d.getFileName().toString().startsWith(namespace + "_" + prefix))
              .toList()) {
        Path log = dir.resolve("container.log");
        if (Files.exists(log)) {
          out.append(Files.readString(log, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Runs the worker CLI here (e.g. to prepare a checkpoint); returns its output. */
  static String worker(Path log, String... args) {
    return worker(log, Map.of(), args);
  }

  /** Runs the worker CLI here with {@code env} added to this process's environment. */
  static String worker(Path log, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(workerEntrypoint());
    command.addAll(List.of(args));
    return run(command, env, log, Duration.ofMinutes(5));
  }

  /** Runs {@code kubectl} against the cluster; returns its output (stdout and stderr). */
  String kubectl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(K8sBinaries.binary("kubectl").toString());
    command.add("--kubeconfig=" + cluster.kubeconfig());
    command.addAll(List.of(args));
    return run(
        command,
        Map.of(),
        Path.of("target", "kubectl.log").toAbsolutePath(),
        Duration.ofMinutes(5));
  }

  private static String run(
      List<String> command, Map<String, String> env, Path log, Duration timeout) {
    try {
      Files.createDirectories(log.getParent());
      Path out = Files.createTempFile(log.getParent(), "out", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      builder.environment().putAll(env);
      Process p = builder.start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " timed out");
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      Files.writeString(
          log,
          "$ " + String.join(" ", command) + "\n" + text,
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    operator.close();
    agent.close();
    cluster.close();
  }
}
