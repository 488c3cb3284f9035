package dev.videogen.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.testing.ApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Worker Jobs and pods on a real kube-apiserver: the Job passes the API server's validation
 * (Indexed mode, per-index backoff, pod failure policy) and its pods are admitted by the built-in
 * Pod Security admission of a namespace that enforces the {@code restricted} profile.
 */
class WorkerJobApiServerTest {
  private static final String NS = "restricted";
  private static ApiServer api;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    api = ApiServer.startWithCrds();
    client = api.client();
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NS)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                .endMetadata()
                .build())
        .create();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static VideoJob owner() {
    VideoJob job = new VideoJob();
    job.setMetadata(
        new ObjectMetaBuilder().withName("red").withNamespace(NS).withUid("1234").build());
    return job;
  }

  @Test
  void indexedJobIsValidAndKeepsItsFailurePolicy() {
    PodTemplateSpec template =
        WorkerPodTemplate.build(
            WorkerPodTemplateTest.workload(true, "outputs"),
            null,
            null,
            WorkerPodTemplateTest.DEFAULTS);
    Job job =
        IndexedWorkerJob.build(
            owner(),
            new IndexedWorkerJob.Shape(
                "red-render", Map.of("app", "videogen"), Map.of(), 6, 4, 2, true, "team-a"),
            template);
    Job created = client.resource(job).create();
    assertThat(created.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(created.getSpec().getParallelism()).isEqualTo(4);
    assertThat(created.getSpec().getBackoffLimitPerIndex()).isEqualTo(2);
    assertThat(created.getSpec().getMaxFailedIndexes()).isZero();
    assertThat(created.getSpec().getSuspend()).isTrue();
    assertThat(created.getSpec().getPodFailurePolicy().getRules()).hasSize(2);
    assertThat(created.getMetadata().getLabels())
        .containsEntry(IndexedWorkerJob.KUEUE_QUEUE_LABEL, "team-a");
    assertThat(created.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getController()).isTrue());
  }

  @Test
  void workerPodsPassTheRestrictedPodSecurityStandard() {
    PodTemplateSpec template =
        WorkerPodTemplate.build(
            WorkerPodTemplateTest.workload(true, "outputs"),
            null,
            null,
            WorkerPodTemplateTest.DEFAULTS);
    Pod pod =
        new PodBuilder()
            .withMetadata(template.getMetadata())
            .editMetadata()
            .withName("worker")
            .withNamespace(NS)
            .endMetadata()
            .withSpec(template.getSpec())
            .build();
    assertThat(client.resource(pod).create().getMetadata().getUid()).isNotBlank();
  }

  @Test
  void theNamespaceReallyEnforcesRestricted() {
    // Without this the test above would pass on a server that admits anything.
    Pod root =
        new PodBuilder()
            .withNewMetadata()
            .withName("root")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .build();
    assertThatThrownBy(() -> client.resource(root).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"");
  }
}
