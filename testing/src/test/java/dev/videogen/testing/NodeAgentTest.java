package dev.videogen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The executing node of the end-to-end test bed: it runs pods as real local processes with their
 * volumes, environment and service account token, reports exit codes and termination messages like
 * a kubelet, runs Indexed Jobs' pods, and shuts pods down gracefully when they are deleted.
 */
class NodeAgentTest {
  private static final String NS = "default";
  private static KwokCluster cluster;
  private static KubernetesClient client;
  private static NodeAgent agent;

  @BeforeAll
  static void startCluster() {
    cluster = KwokCluster.create("agent-" + ProcessHandle.current().pid());
    client = cluster.client();
    // The "image" videogen/echo:test runs `sh -c` locally, as a runtime runs an image's entrypoint.
    agent =
        NodeAgent.start(
            client,
            "local-executor",
            Path.of("target", "node-agent").toAbsolutePath(),
            Map.of("videogen/echo:test", List.of("sh", "-c")));
    // Pods need the namespace's default ServiceAccount, which the controller manager creates.
    client
        .serviceAccounts()
        .inNamespace(NS)
        .withName("default")
        .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopCluster() {
    if (agent != null) {
      agent.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void executingNodeRunsTheCommandWithItsConfigMapAndReportsTheTerminationMessage() {
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("task")
                .endMetadata()
                .addToData("task.json", "{\"task\": \"hello\"}")
                .build())
        .inNamespace(NS)
        .create();
    Pod pod =
        localPod(
            "reads-config",
            "cat /etc/videogen/task.json > /dev/termination-log; printf ' from %s' \"$POD_NAME\""
                + " >> /dev/termination-log");
    pod.getSpec()
        .getVolumes()
        .add(
            new io.fabric8.kubernetes.api.model.VolumeBuilder()
                .withName("task")
                .withNewConfigMap()
                .withName("task")
                .endConfigMap()
                .build());
    pod.getSpec()
        .getContainers()
        .get(0)
        .getVolumeMounts()
        .add(
            new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                .withName("task")
                .withMountPath("/etc/videogen")
                .build());
    client.resource(pod).inNamespace(NS).create();

    ContainerStateTerminated terminated = awaitTerminated("reads-config");
    assertThat(terminated.getExitCode()).isZero();
    assertThat(terminated.getMessage()).isEqualTo("{\"task\": \"hello\"} from reads-config");
    assertThat(client.pods().inNamespace(NS).withName("reads-config").get().getStatus().getPhase())
        .isEqualTo("Succeeded");
  }

  @Test
  void failingCommandReportsItsExitCode() {
    client
        .resource(localPod("fails", "echo 'out of memory' > /dev/termination-log; exit 3"))
        .inNamespace(NS)
        .create();
    ContainerStateTerminated terminated = awaitTerminated("fails");
    assertThat(terminated.getExitCode()).isEqualTo(3);
    assertThat(terminated.getMessage()).contains("out of memory");
    assertThat(client.pods().inNamespace(NS).withName("fails").get().getStatus().getPhase())
        .isEqualTo("Failed");
  }

  @Test
  void persistentVolumeClaimKeepsOnePodsFilesForTheNext() throws Exception {
    cluster.createBoundClaim(NS, "outputs");

    client
        .resource(
            withClaim(
                localPod(
                    "writer",
                    "mkdir -p /data/shards && echo \"shard 0 by $POD_NAME\" > /data/shards/0.txt")))
        .inNamespace(NS)
        .create();
    assertThat(awaitTerminated("writer").getExitCode()).isZero();
    client
        .resource(withClaim(localPod("reader", "cat /data/shards/0.txt > /dev/termination-log")))
        .inNamespace(NS)
        .create();

    ContainerStateTerminated read = awaitTerminated("reader");
    assertThat(read.getExitCode()).isZero();
    assertThat(read.getMessage()).isEqualTo("shard 0 by writer\n");
    assertThat(Files.readString(agent.claimDir(NS, "outputs").resolve("shards/0.txt")))
        .isEqualTo("shard 0 by writer\n");
  }

  private static Pod withClaim(Pod pod) {
    return withClaim(pod, "outputs");
  }

  private static Pod withClaim(Pod pod, String claim) {
    pod.getSpec()
        .getVolumes()
        .add(
            new io.fabric8.kubernetes.api.model.VolumeBuilder()
                .withName("outputs")
                .withNewPersistentVolumeClaim()
                .withClaimName(claim)
                .endPersistentVolumeClaim()
                .build());
    pod.getSpec()
        .getContainers()
        .get(0)
        .getVolumeMounts()
        .add(
            new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                .withName("outputs")
                .withMountPath("/data")
                .build());
    return pod;
  }

  @Test
  void indexedJobPodsOnTheExecutingNodeSeeTheirIndexSecretsAndClaimRoot() throws Exception {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("creds")
                .endMetadata()
                .addToStringData("ACCESS_KEY", "k3y")
                .build())
        .inNamespace(NS)
        .create();
    // Each pod writes "<index>:<secret>" into the claim through its root directory, as the worker
    // resolves pvc://outputs/... under $VIDEOGEN_PVC_ROOT; index 1 fails without a message.
    String script =
        "if [ \"$JOB_COMPLETION_INDEX\" = 1 ]; then echo boom-$JOB_COMPLETION_INDEX; exit 5; fi;"
            + " echo \"$JOB_COMPLETION_INDEX:$ACCESS_KEY\" > $PVC_ROOT/outputs/part-$JOB_COMPLETION_INDEX";
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName("indexed")
            .endMetadata()
            .withNewSpec()
            .withCompletionMode("Indexed")
            .withCompletions(3)
            .withParallelism(3)
            .withBackoffLimitPerIndex(0)
            .withNewTemplate()
            .withNewSpec()
            .withRestartPolicy("Never")
            .withNodeSelector(Map.of(NodeAgent.EXECUTOR_LABEL, NodeAgent.EXECUTOR_VALUE))
            .addNewVolume()
            .withName("outputs")
            .withNewPersistentVolumeClaim()
            .withClaimName("indexed-outputs")
            .endPersistentVolumeClaim()
            .endVolume()
            .addNewContainer()
            .withName("main")
            .withImage("videogen/echo:test")
            .withArgs(script)
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .addNewEnv()
            .withName("PVC_ROOT")
            .withValue("/var/run/videogen/pvc")
            .endEnv()
            .addNewEnvFrom()
            .withNewSecretRef()
            .withName("creds")
            .endSecretRef()
            .endEnvFrom()
            .addNewVolumeMount()
            .withName("outputs")
            .withMountPath("/var/run/videogen/pvc/outputs")
            .endVolumeMount()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    cluster.createBoundClaim(NS, "indexed-outputs");
    client.resource(job).inNamespace(NS).create();
    Job done =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(NS)
            .withName("indexed")
            .waitUntilCondition(j -> hasCondition(j, "Failed"), 90, TimeUnit.SECONDS);
    // Index 1 failed with no retries left; the others completed.
    assertThat(done.getStatus().getFailedIndexes()).isEqualTo("1");
    assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0,2");
    Path claim = agent.claimDir(NS, "indexed-outputs");
    assertThat(Files.readString(claim.resolve("part-0")).trim()).isEqualTo("0:k3y");
    assertThat(Files.readString(claim.resolve("part-2")).trim()).isEqualTo("2:k3y");
    Pod failed =
        client
            .pods()
            .inNamespace(NS)
            .withLabel("batch.kubernetes.io/job-completion-index", "1")
            .list()
            .getItems()
            .get(0);
    var terminated = awaitTerminated(failed.getMetadata().getName());
    assertThat(terminated.getExitCode()).isEqualTo(5);
    assertThat(terminated.getMessage()).isEqualTo("boom-1"); // the log's tail
  }

  @Test
  void deletingAPodOnTheExecutingNodeSendsSigtermAndRemovesIt() throws Exception {
    cluster.createBoundClaim(NS, "graceful");
    Path claim = agent.claimDir(NS, "graceful");
    // The process says it is ready, then on SIGTERM saves its state and exits, as the worker does.
    client
        .resource(
            withClaim(
                localPod(
                    "graceful",
                    "trap 'echo saved > /data/state; exit 0' TERM; echo up > /data/ready;"
                        + " while true; do sleep 1; done"),
                "graceful"))
        .inNamespace(NS)
        .create();
    Path ready = claim.resolve("ready");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(ready) && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    assertThat(ready).exists();

    client.pods().inNamespace(NS).withName("graceful").withGracePeriod(20).delete();

    client
        .pods()
        .inNamespace(NS)
        .withName("graceful")
        .waitUntilCondition(java.util.Objects::isNull, 60, TimeUnit.SECONDS);
    assertThat(Files.readString(claim.resolve("state")).trim()).isEqualTo("saved");
  }

  @Test
  void podsOnTheExecutingNodeCallTheApiServerAsTheirServiceAccount() {
    // The API server adds the projected token volume; the agent fills it like a kubelet.
    String sa = "/var/run/secrets/kubernetes.io/serviceaccount";
    String script =
        "curl -sS --cacert "
            + sa
            + "/ca.crt -H \"Authorization: Bearer $(cat "
            + sa
            + "/token)\" -H 'Content-Type: application/json' -X POST"
            + " -d '{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}'"
            + " https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT"
            + "/apis/authentication.k8s.io/v1/selfsubjectreviews > /dev/termination-log;"
            + " echo \" $(cat "
            + sa
            + "/namespace)\" >> /dev/termination-log";
    client.resource(localPod("whoami", script)).inNamespace(NS).create();
    ContainerStateTerminated terminated = awaitTerminated("whoami");
    assertThat(terminated.getExitCode()).isZero();
    assertThat(terminated.getMessage())
        .contains("\"system:serviceaccount:default:default\"")
        .endsWith(" default\n");
  }

  private static Pod localPod(String name, String script) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withNodeSelector(Map.of(NodeAgent.EXECUTOR_LABEL, NodeAgent.EXECUTOR_VALUE))
        .withVolumes(new java.util.ArrayList<>())
        .addNewContainer()
        .withName("main")
        .withImage("local")
        .withCommand("sh", "-c", script)
        .addNewEnv()
        .withName("POD_NAME")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("metadata.name")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .withVolumeMounts(new java.util.ArrayList<>())
        .endContainer()
        .endSpec()
        .build();
  }

  private static ContainerStateTerminated awaitTerminated(String name) {
    Pod pod =
        client
            .pods()
            .inNamespace(NS)
            .withName(name)
            .waitUntilCondition(
                p ->
                    p.getStatus().getContainerStatuses() != null
                        && !p.getStatus().getContainerStatuses().isEmpty()
                        && p.getStatus().getContainerStatuses().get(0).getState().getTerminated()
                            != null,
                60,
                TimeUnit.SECONDS);
    return pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
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
