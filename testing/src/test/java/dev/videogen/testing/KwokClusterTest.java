package dev.videogen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end test bed's cluster: a kwok cluster whose fake GPU pool takes GPU Jobs (and keeps
 * GPU pods without the toleration away), and whose controllers clean up after a lost node. The
 * executing node is tested in {@link NodeAgentTest}.
 */
class KwokClusterTest {
  private static final String NS = "default";
  private static final Toleration GPU_TOLERATION =
      new TolerationBuilder()
          .withKey(KwokCluster.GPU)
          .withOperator("Exists")
          .withEffect("NoSchedule")
          .build();
  private static KwokCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void startCluster() {
    cluster = KwokCluster.create("testing-" + ProcessHandle.current().pid());
    client = cluster.client();
    cluster.addGpuPool("gpu", 4, 8, "NVIDIA-H100-80GB-HBM3");
    // Pods need the namespace's default ServiceAccount, which the controller manager creates.
    client
        .serviceAccounts()
        .inNamespace(NS)
        .withName("default")
        .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void gpuJobIsScheduledOntoAFakeGpuNodeAndCompletes() {
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName("gpu-job")
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(0)
            .withNewTemplate()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addToTolerations(GPU_TOLERATION)
            .addNewContainer()
            .withName("worker")
            .withImage("videogen/worker:test")
            .withNewResources()
            .withLimits(Map.of(KwokCluster.GPU, new Quantity("1")))
            .endResources()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.resource(job).inNamespace(NS).create();

    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withName("gpu-job")
        .waitUntilCondition(KwokClusterTest::complete, 90, TimeUnit.SECONDS);
    Pod pod =
        client.pods().inNamespace(NS).withLabel("job-name", "gpu-job").list().getItems().get(0);
    Node node = client.nodes().withName(pod.getSpec().getNodeName()).get();
    assertThat(node.getMetadata().getLabels())
        .containsEntry(KwokCluster.GPU_PRODUCT_LABEL, "NVIDIA-H100-80GB-HBM3");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void gpuPodWithoutTolerationStaysPending() {
    Pod pod =
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("no-toleration")
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("worker")
                    .withImage("videogen/worker:test")
                    .withNewResources()
                    .withLimits(Map.of(KwokCluster.GPU, new Quantity("1")))
                    .endResources()
                    .endContainer()
                    .endSpec()
                    .build())
            .inNamespace(NS)
            .create();
    Pod unschedulable =
        client
            .pods()
            .inNamespace(NS)
            .withName(pod.getMetadata().getName())
            .waitUntilCondition(
                p ->
                    p.getStatus().getConditions().stream()
                        .anyMatch(
                            c ->
                                "PodScheduled".equals(c.getType())
                                    && "False".equals(c.getStatus())),
                60,
                TimeUnit.SECONDS);
    assertThat(unschedulable.getSpec().getNodeName()).isNull();
    assertThat(unschedulable.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getMessage()).contains("untolerated taint"));
  }

  @Test
  void podOnANodeThatDisappearsIsRemoved() {
    cluster.addGpuPool("doomed", 1, 8, "NVIDIA-H100-80GB-HBM3");
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("on-doomed-node")
            .endMetadata()
            .withNewSpec()
            .withNodeSelector(Map.of("kubernetes.io/hostname", "doomed-0"))
            .addToTolerations(GPU_TOLERATION)
            .addNewContainer()
            .withName("worker")
            .withImage("videogen/worker:test")
            .endContainer()
            .endSpec()
            .build();
    client.resource(pod).inNamespace(NS).create();
    client
        .pods()
        .inNamespace(NS)
        .withName("on-doomed-node")
        .waitUntilCondition(
            p -> p != null && "Running".equals(p.getStatus().getPhase()), 60, TimeUnit.SECONDS);

    client.nodes().withName("doomed-0").delete();

    // The pod garbage collector removes pods bound to a node that no longer exists.
    client
        .pods()
        .inNamespace(NS)
        .withName("on-doomed-node")
        .waitUntilCondition(java.util.Objects::isNull, 150, TimeUnit.SECONDS);
  }

  private static boolean complete(Job job) {
    return hasCondition(job, "Complete");
  }

  private static boolean hasCondition(Job job, String type) {
    List<io.fabric8.kubernetes.api.model.batch.v1.JobCondition> conditions =
        job == null || job.getStatus() == null ? null : job.getStatus().getConditions();
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
