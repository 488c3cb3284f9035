package dev.videogen.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A full local control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler and the
 * kwok controller) started by {@code kwokctl create cluster --runtime binary} from the binaries of
 * {@code hack/k8s-bin.sh}. kwok simulates the nodes it manages: pods bound to them start, and pods
 * owned by a Job complete. Fake GPU nodes look like a real GPU pool to the scheduler.
 */
public final class KwokCluster implements AutoCloseable {
  /** Label and taint of GPU nodes, as the NVIDIA device plugin and GPU operator set them. */
  public static final String GPU = "nvidia.com/gpu";

  public static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";
  public static final String GPU_COUNT_LABEL = "nvidia.com/gpu.count";

  /** Nodes with this annotation set to {@code fake} are simulated by kwok. */
  public static final String FAKE_NODE_ANNOTATION = "kwok.x-k8s.io/node";

  private final String name;
  private final Path workDir;
  private final KubernetesClient client;

  private KwokCluster(String name, Path workDir, KubernetesClient client) {
    this.name = name;
    this.workDir = workDir;
    this.client = client;
  }

  /** Creates and starts a cluster; its files live in {@code target/kwok/<name>}. */
  public static KwokCluster create(String name) {
    Path workDir = Path.of("target", "kwok", name).toAbsolutePath();
    Path kubeconfig = workDir.resolve("kubeconfig");
    kwokctl(
        workDir,
        "create",
        "cluster",
        "--name",
        name,
        "--runtime",
        "binary",
        "--etcd-binary",
        K8sBinaries.binary("etcd").toString(),
        "--kube-apiserver-binary",
        K8sBinaries.binary("kube-apiserver").toString(),
        "--kube-controller-manager-binary",
        K8sBinaries.binary("kube-controller-manager").toString(),
        "--kube-scheduler-binary",
        K8sBinaries.binary("kube-scheduler").toString(),
        "--kwok-controller-binary",
        K8sBinaries.binary("kwok").toString(),
        // kwok manages only the fake nodes (annotation kwok.x-k8s.io/node=fake): left to manage
        // every node, its stages would also "complete" the pods the executing node really runs.
        "--extra-args",
        "kwok-controller=manage-all-nodes=false",
        "--extra-args",
        "kwok-controller=manage-nodes-with-annotation-selector=" + FAKE_NODE_ANNOTATION + "=fake",
        "--kubeconfig",
        kubeconfig.toString(),
        "--wait",
        "120s");
    try {
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
      return new KwokCluster(
          name, workDir, new KubernetesClientBuilder().withConfig(config).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public KubernetesClient client() {
    return client;
  }

  public Path kubeconfig() {
    return workDir.resolve("kubeconfig");
  }

  /**
   * Adds {@code nodes} fake nodes of {@code gpusPerNode} GPUs each, named {@code <prefix>-<i>},
   * with the GPU product and count labels and the {@code nvidia.com/gpu:NoSchedule} taint of a real
   * GPU pool; waits until kwok reports them Ready.
   */
  public List<Node> addGpuPool(String prefix, int nodes, int gpusPerNode, String product) {
    List<Node> created = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      String nodeName = prefix + "-" + i;
      Map<String, Quantity> capacity =
          Map.of(
              "cpu",
              new Quantity("96"),
              "memory",
              new Quantity("1Ti"),
              "pods",
              new Quantity("110"),
              GPU,
              new Quantity(Integer.toString(gpusPerNode)));
      Node node =
          new NodeBuilder()
              .withNewMetadata()
              .withName(nodeName)
              .addToAnnotations(FAKE_NODE_ANNOTATION, "fake")
              .addToLabels("type", "kwok")
              .addToLabels("kubernetes.io/hostname", nodeName)
              .addToLabels("kubernetes.io/os", "linux")
              .addToLabels(GPU_PRODUCT_LABEL, product)
              .addToLabels(GPU_COUNT_LABEL, Integer.toString(gpusPerNode))
              .endMetadata()
              .withNewSpec()
              .addNewTaint()
              .withKey(GPU)
              .withValue("present")
              .withEffect("NoSchedule")
              .endTaint()
              .endSpec()
              .withNewStatus()
              .withCapacity(capacity)
              .withAllocatable(capacity)
              .endStatus()
              .build();
      created.add(client.resource(node).create());
    }
    for (Node node : created) {
      client
          .nodes()
          .withName(node.getMetadata().getName())
          .waitUntilCondition(KwokCluster::ready, 60, TimeUnit.SECONDS);
    }
    return created;
  }

  /**
   * Creates PersistentVolumeClaim {@code name} in {@code namespace} and a statically provisioned
   * volume for it, and waits until the controller manager has bound them (the scheduler does not
   * place pods whose claims are unbound). Pods on the executing node see the claim as one local
   * directory ({@link NodeAgent#claimDir}).
   */
  public void createBoundClaim(String namespace, String name) {
    String volume = namespace + "-" + name;
    client
        .resource(
            new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(volume)
                .endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("1Gi")))
                .withAccessModes("ReadWriteMany")
                .withStorageClassName("manual")
                .withNewHostPath()
                .withPath("/unused")
                .endHostPath()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteMany")
                .withStorageClassName("manual")
                .withVolumeName(volume)
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity("1Gi")))
                .endResources()
                .endSpec()
                .build())
        .inNamespace(namespace)
        .create();
    client
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .withName(name)
        .waitUntilCondition(
            c -> c != null && "Bound".equals(c.getStatus().getPhase()), 60, TimeUnit.SECONDS);
  }

  static boolean ready(Node node) {
    return node != null
        && node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public void close() {
    client.close();
    kwokctl(workDir, "delete", "cluster", "--name", name);
  }

  private static void kwokctl(Path workDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(K8sBinaries.binary("kwokctl").toString());
    command.addAll(List.of(args));
    try {
      Files.createDirectories(workDir);
      Path log = workDir.resolve("kwokctl.log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      // Keep kwokctl's state (certificates, logs, pids) beside the test, not in ~/.kwok.
      builder.environment().put("KWOK_WORKDIR", workDir.resolve("kwok").toString());
      Process process = builder.start();
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kwokctl " + args[0] + " timed out; see " + log);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "kwokctl " + String.join(" ", args) + " failed; see " + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
