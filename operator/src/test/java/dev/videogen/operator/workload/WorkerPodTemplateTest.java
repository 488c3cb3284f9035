package dev.videogen.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.api.v1alpha1.spec.S3Storage;
import dev.videogen.api.v1alpha1.spec.SecretReference;
import dev.videogen.api.v1alpha1.spec.StorageSpec;
import dev.videogen.api.v1alpha1.spec.WorkerSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class WorkerPodTemplateTest {
  static final WorkerDefaults DEFAULTS =
      new WorkerDefaults(
          "videogen/worker:test",
          "IfNotPresent",
          new ResourceRequirementsBuilder()
              .addToLimits("nvidia.com/gpu", new Quantity("1"))
              .build(),
          new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("1")).build(),
          1000);

  static WorkerPodTemplate.Workload workload(boolean gpu, String... claims) {
    return new WorkerPodTemplate.Workload(
        Map.of("videogen.dev/videojob", "red"),
        Map.of(),
        "red-render",
        "tasks.json",
        new TreeSet<>(List.of(claims)),
        gpu,
        WorkerPodTemplate.ApiAccess.NONE);
  }

  @Test
  void defaultsRunTheTaskFileOnTheConfiguredImageWithAGpu() {
    PodTemplateSpec t = WorkerPodTemplate.build(workload(true), null, null, DEFAULTS);
    Container c = t.getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("videogen/worker:test");
    assertThat(c.getArgs()).containsExactly("task", "/etc/videogen/task/tasks.json");
    assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(t.getMetadata().getLabels()).containsEntry("videogen.dev/videojob", "red");
    assertThat(t.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(t.getSpec().getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void cpuWorkloadsGetTheCpuResources() {
    Container c =
        WorkerPodTemplate.build(workload(false), null, null, DEFAULTS)
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(c.getResources().getLimits()).isNullOrEmpty();
    assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("1"));
  }

  @Test
  void restrictedPodSecurity() {
    PodSpec pod = WorkerPodTemplate.build(workload(true), null, null, DEFAULTS).getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var c = pod.getContainers().get(0).getSecurityContext();
    assertThat(c.getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getCapabilities().getDrop()).containsExactly("ALL");
    // A read-only root needs somewhere to write: /tmp and the native-library cache.
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .contains("/tmp", WorkerPodTemplate.CACHE_DIR);
  }

  @Test
  void eachClaimIsMountedUnderThePvcRoot() {
    PodSpec pod =
        WorkerPodTemplate.build(workload(true, "outputs", "models"), null, null, DEFAULTS)
            .getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .extracting(v -> v.getPersistentVolumeClaim().getClaimName())
        .containsExactly("models", "outputs");
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .contains("/var/run/videogen/pvc/models", "/var/run/videogen/pvc/outputs");
    assertThat(env(pod)).containsEntry("VIDEOGEN_PVC_ROOT", "/var/run/videogen/pvc");
  }

  @Test
  void longClaimNamesGiveValidDistinctVolumeNames() {
    String a = "a".repeat(62) + "1";
    String b = "a".repeat(62) + "2";
    assertThat(WorkerPodTemplate.claimVolume(a)).hasSizeLessThanOrEqualTo(63);
    assertThat(WorkerPodTemplate.claimVolume(a)).isNotEqualTo(WorkerPodTemplate.claimVolume(b));
  }

  @Test
  void workerSpecOverridesImageResourcesAndScheduling() {
    WorkerSpec w = new WorkerSpec();
    w.setImage("registry.invalid/custom:1");
    w.setResources(
        new ResourceRequirementsBuilder().addToLimits("nvidia.com/gpu", new Quantity("8")).build());
    w.setNodeSelector(Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"));
    Toleration gpu =
        new TolerationBuilder()
            .withKey("nvidia.com/gpu")
            .withOperator("Exists")
            .withEffect("NoSchedule")
            .build();
    w.setTolerations(List.of(gpu));
    w.setPriorityClassName("batch-high");
    w.setServiceAccountName("render");
    w.setEnv(List.of(new EnvVarBuilder().withName("HOME").withValue("/data").build()));
    PodSpec pod = WorkerPodTemplate.build(workload(true), w, null, DEFAULTS).getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("registry.invalid/custom:1");
    assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("8"));
    assertThat(pod.getNodeSelector()).containsKey("nvidia.com/gpu.product");
    assertThat(pod.getTolerations()).containsExactly(gpu);
    assertThat(pod.getPriorityClassName()).isEqualTo("batch-high");
    assertThat(pod.getServiceAccountName()).isEqualTo("render");
    // The user's variables come last, so theirs win where names repeat.
    List<EnvVar> env = c.getEnv();
    assertThat(env.get(env.size() - 1).getValue()).isEqualTo("/data");
  }

  @Test
  void s3CredentialsComeOnlyFromTheSecretReference() {
    S3Storage s3 = new S3Storage();
    s3.setEndpoint("http://minio.storage:9000");
    s3.setCredentialsSecret(new SecretReference("minio-credentials"));
    StorageSpec storage = new StorageSpec();
    storage.setS3(s3);
    PodSpec pod = WorkerPodTemplate.build(workload(true), null, storage, DEFAULTS).getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(c.getEnvFrom())
        .singleElement()
        .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("minio-credentials"));
    assertThat(env(pod))
        .containsEntry("VIDEOGEN_S3_ENDPOINT", "http://minio.storage:9000")
        .containsEntry("VIDEOGEN_S3_PATH_STYLE", "true")
        .containsEntry("AWS_REGION", "us-east-1")
        .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
  }

  private static Map<String, String> env(PodSpec pod) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (EnvVar e : pod.getContainers().get(0).getEnv()) {
      if (e.getValue() != null) {
        out.put(e.getName(), e.getValue());
      }
    }
    return out;
  }
}
