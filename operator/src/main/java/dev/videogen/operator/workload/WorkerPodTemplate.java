package dev.videogen.operator.workload;

import dev.videogen.api.v1alpha1.spec.S3Storage;
import dev.videogen.api.v1alpha1.spec.StorageSpec;
import dev.videogen.api.v1alpha1.spec.WorkerSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * Builds the pod template of a worker Job: the worker container running {@code worker task FILE},
 * the task ConfigMap, one mount per PersistentVolumeClaim named by a {@code pvc://} URI, S3
 * settings and credentials by Secret reference, and the scheduling fields of {@code spec.worker}.
 *
 * <p>Every pod meets the {@code restricted} Pod Security Standard: non-root, no privilege
 * escalation, all capabilities dropped, RuntimeDefault seccomp and a read-only root filesystem
 * (scratch space is an emptyDir at {@code /tmp}, native-library caches another at {@link
 * #CACHE_DIR}). Pure: no client calls, so it is unit-tested alone.
 */
public final class WorkerPodTemplate {
  public static final String CONTAINER = "worker";

  /** Where the task ConfigMap is mounted; the pod's task file is {@code TASK_DIR/<key>}. */
  public static final String TASK_DIR = "/etc/videogen/task";

  /** Each claim {@code c} of a {@code pvc://c/...} URI is mounted at {@code PVC_ROOT/c}. */
  public static final String PVC_ROOT = "/var/run/videogen/pvc";

  public static final String CACHE_DIR = "/var/cache/videogen";
  public static final String TERMINATION_LOG = "/dev/termination-log";
  public static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

  private WorkerPodTemplate() {}

  /** What one worker pod runs. */
  public record Workload(
      Map<String, String> labels,
      Map<String, String> annotations,
      String taskConfigMap,
      String taskKey,
      SortedSet<String> claims,
      boolean gpu,
      ApiAccess api) {}

  /**
   * Whether the pod gets a ServiceAccount token. Render pods need none; training pods report their
   * progress by patching their own pod's annotation.
   *
   * @param serviceAccount the account to run as when the spec names none, or null
   * @param gracePeriodSeconds time to write a last checkpoint after SIGTERM, or null for the
   *     default
   */
  public record ApiAccess(String serviceAccount, Long gracePeriodSeconds) {
    public static final ApiAccess NONE = new ApiAccess(null, null);
  }

  public static PodTemplateSpec build(
      Workload workload, WorkerSpec worker, StorageSpec storage, WorkerDefaults defaults) {
    WorkerSpec w = worker != null ? worker : new WorkerSpec();
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(workload.labels())
        .withAnnotations(workload.annotations())
        .endMetadata()
        .withSpec(podSpec(workload, w, storage, defaults))
        .build();
  }

  private static PodSpec podSpec(
      Workload workload, WorkerSpec w, StorageSpec storage, WorkerDefaults defaults) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("task")
            .withNewConfigMap()
            .withName(workload.taskConfigMap())
            .endConfigMap()
            .build());
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    volumes.add(new VolumeBuilder().withName("cache").withNewEmptyDir().endEmptyDir().build());
    for (String claim : workload.claims()) {
      volumes.add(
          new VolumeBuilder()
              .withName(claimVolume(claim))
              .withNewPersistentVolumeClaim()
              .withClaimName(claim)
              .endPersistentVolumeClaim()
              .build());
    }
    String account =
        w.getServiceAccountName() != null
            ? w.getServiceAccountName()
            : workload.api().serviceAccount();
    return new PodSpecBuilder()
        .withRestartPolicy("Never") // required by podFailurePolicy; the Job retries per index
        .withServiceAccountName(account)
        // Render workers need no Kubernetes API access: a token would only be a credential to
        // steal. Trainers patch their own pod's progress annotation with theirs.
        .withAutomountServiceAccountToken(workload.api() != ApiAccess.NONE && account != null)
        .withTerminationGracePeriodSeconds(workload.api().gracePeriodSeconds())
        .withPriorityClassName(w.getPriorityClassName())
        .withNodeSelector(w.getNodeSelector())
        .withTolerations(w.getTolerations())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(defaults.runAsUser())
        .withRunAsGroup(defaults.runAsUser())
        .withFsGroup(defaults.runAsUser())
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withVolumes(volumes)
        .withContainers(container(workload, w, storage, defaults))
        .build();
  }

  private static Container container(
      Workload workload, WorkerSpec w, StorageSpec storage, WorkerDefaults defaults) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount("task", TASK_DIR, true));
    mounts.add(mount("tmp", "/tmp", false));
    mounts.add(mount("cache", CACHE_DIR, false));
    for (String claim : workload.claims()) {
      mounts.add(mount(claimVolume(claim), PVC_ROOT + "/" + claim, false));
    }
    ResourceRequirements resources =
        w.getResources() != null
            ? w.getResources()
            : workload.gpu() ? defaults.resources() : defaults.cpuResources();
    List<EnvFromSource> envFrom = new ArrayList<>();
    S3Storage s3 = storage == null ? null : storage.getS3();
    if (s3 != null && s3.getCredentialsSecret() != null) {
      envFrom.add(
          new EnvFromSourceBuilder()
              .withNewSecretRef()
              .withName(s3.getCredentialsSecret().getName())
              .endSecretRef()
              .build());
    }
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(w.getImage() != null ? w.getImage() : defaults.image())
        .withImagePullPolicy(defaults.imagePullPolicy())
        .withArgs("task", TASK_DIR + "/" + workload.taskKey())
        .withEnv(env(w, s3, workload.api() != ApiAccess.NONE))
        .withEnvFrom(envFrom)
        .withResources(resources)
        .withVolumeMounts(mounts)
        .withTerminationMessagePath(TERMINATION_LOG)
        // The worker writes its result JSON there; a crash before that leaves the log's tail.
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .build();
  }

  private static List<EnvVar> env(WorkerSpec w, S3Storage s3, boolean api) {
    List<EnvVar> env = new ArrayList<>();
    if (api) {
      // Where the worker finds its token; the standard path, named so it is explicit.
      env.add(value("VIDEOGEN_SERVICE_ACCOUNT_DIR", SERVICE_ACCOUNT_DIR));
    }
    // The worker writes its result where terminationMessagePath says; named so it is explicit.
    env.add(value("VIDEOGEN_TERMINATION_LOG", TERMINATION_LOG));
    env.add(value("VIDEOGEN_PVC_ROOT", PVC_ROOT));
    env.add(value("VIDEOGEN_CACHE", CACHE_DIR));
    env.add(value("HOME", CACHE_DIR));
    env.add(value("DJL_CACHE_DIR", CACHE_DIR + "/djl"));
    env.add(fieldRef("POD_NAME", "metadata.name"));
    env.add(fieldRef("POD_NAMESPACE", "metadata.namespace"));
    if (s3 != null) {
      if (s3.getEndpoint() != null) {
        env.add(value("VIDEOGEN_S3_ENDPOINT", s3.getEndpoint()));
      }
      env.add(value("AWS_REGION", s3.getRegion() != null ? s3.getRegion() : "us-east-1"));
      boolean pathStyle =
          s3.getForcePathStyle() != null ? s3.getForcePathStyle() : s3.getEndpoint() != null;
      env.add(value("VIDEOGEN_S3_PATH_STYLE", Boolean.toString(pathStyle)));
    }
    if (w.getEnv() != null) {
      env.addAll(w.getEnv()); // last, so users can override ours
    }
    return env;
  }

  /** Volume name of a claim (a DNS label, like the claim name it is made from). */
  static String claimVolume(String claim) {
    return ObjectNames.join("pvc", claim);
  }

  private static VolumeMount mount(String volume, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(path)
        .withReadOnly(readOnly ? true : null)
        .build();
  }

  private static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar fieldRef(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }
}
