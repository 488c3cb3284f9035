package dev.videogen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator Deployment meets the {@code restricted} Pod Security Standard, probes Quarkus'
 * health endpoints, and hands the operator its configuration (watched namespaces, leader election,
 * worker defaults) through the environment variables the operator reads.
 */
class HelmChartDeploymentTest {
  private static final String RELEASE = "videogen";
  private static final String NS = "videogen-system";
  private static KubernetesClient client;

  @BeforeAll
  static void offlineClient() {
    client = new KubernetesClientBuilder().build(); // parses manifests only; never connects
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Test
  void podMeetsTheRestrictedPodSecurityStandard() {
    PodSpec pod = deployment(render("{}")).getSpec().getTemplate().getSpec();
    Container operator = operator(pod);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    SecurityContext container = operator.getSecurityContext();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getRunAsNonRoot()).isTrue();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);

    // A read-only root needs a writable /tmp, backed by an emptyDir.
    VolumeMount tmp =
        operator.getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals("/tmp"))
            .findFirst()
            .orElseThrow();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals(tmp.getName()))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
  }

  @Test
  void probesUseQuarkusHealthEndpointsOnPort8080() {
    Container operator = operator(deployment(render("{}")).getSpec().getTemplate().getSpec());

    assertThat(operator.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getContainerPort()).isEqualTo(8080);
            });
    assertProbe(operator.getLivenessProbe(), "/q/health/live");
    assertProbe(operator.getReadinessProbe(), "/q/health/ready");
    assertProbe(operator.getStartupProbe(), "/q/health/started");
  }

  @Test
  void clusterWideModeWatchesAllNamespacesAndNamespacedModeOnlyTheListedOnes() {
    assertThat(env(render("{}"), "QUARKUS_OPERATOR_SDK_NAMESPACES"))
        .contains("JOSDK_ALL_NAMESPACES");
    assertThat(
            env(
                render("rbac:\n  watchNamespaces: [team-a, team-b]\n"),
                "QUARKUS_OPERATOR_SDK_NAMESPACES"))
        .contains("team-a,team-b");
  }

  @Test
  void leaderElectionNamesALeaseInTheReleaseNamespace() {
    List<HasMetadata> objects = render("{}");
    assertThat(env(objects, "VIDEOGEN_LEADER_ELECTION_ENABLED")).contains("true");
    assertThat(env(objects, "VIDEOGEN_LEADER_ELECTION_LEASE_NAME"))
        .contains("videogen-videogen-operator-leader");
    EnvVar namespace = envVar(objects, "VIDEOGEN_LEADER_ELECTION_LEASE_NAMESPACE").orElseThrow();
    assertThat(namespace.getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");

    List<HasMetadata> custom = render("leaderElection:\n  leaseName: my-lease\nreplicas: 2\n");
    assertThat(env(custom, "VIDEOGEN_LEADER_ELECTION_LEASE_NAME")).contains("my-lease");
    assertThat(deployment(custom).getSpec().getReplicas()).isEqualTo(2);

    List<HasMetadata> off = render("leaderElection:\n  enabled: false\n");
    assertThat(env(off, "VIDEOGEN_LEADER_ELECTION_ENABLED")).contains("false");
    assertThat(envVar(off, "VIDEOGEN_LEADER_ELECTION_LEASE_NAME")).isEmpty();
  }

  @Test
  void workerDefaultsReachTheOperatorAsEnvironmentVariables() {
    List<HasMetadata> objects = render("{}");

    assertThat(env(objects, "VIDEOGEN_WORKER_IMAGE")).contains("videogen/worker:0.1.0");
    assertThat(env(objects, "VIDEOGEN_WORKER_IMAGE_PULL_POLICY")).contains("IfNotPresent");
    assertThat(env(objects, "VIDEOGEN_WORKER_RUN_AS_USER")).contains("1000");
    ResourceRequirements gpu = resources(objects, "VIDEOGEN_WORKER_GPU_RESOURCES");
    assertThat(gpu.getLimits()).isEqualTo(Map.of("nvidia.com/gpu", new Quantity("1")));
    assertThat(gpu.getRequests())
        .isEqualTo(Map.of("cpu", new Quantity("4"), "memory", new Quantity("32Gi")));
    ResourceRequirements cpu = resources(objects, "VIDEOGEN_WORKER_CPU_RESOURCES");
    assertThat(cpu.getRequests())
        .isEqualTo(Map.of("cpu", new Quantity("1"), "memory", new Quantity("2Gi")));
    assertThat(cpu.getLimits()).isNullOrEmpty();
  }

  @Test
  void workerValuesOverrideTheDefaultsAndNumbersBecomeQuantityStrings() {
    List<HasMetadata> objects =
        render(
            """
            worker:
              image:
                repository: registry.example/videogen/worker
                digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                pullPolicy: Always
              gpuResources:
                limits:
                  nvidia.com/gpu: 2
                  memory: 80Gi
              runAsUser: 4242
            """);

    assertThat(env(objects, "VIDEOGEN_WORKER_IMAGE"))
        .contains(
            "registry.example/videogen/worker@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(env(objects, "VIDEOGEN_WORKER_IMAGE_PULL_POLICY")).contains("Always");
    assertThat(env(objects, "VIDEOGEN_WORKER_RUN_AS_USER")).contains("4242");
    // Helm reads YAML numbers as floats; the JSON must still say "2", as Kubernetes writes it.
    assertThat(env(objects, "VIDEOGEN_WORKER_GPU_RESOURCES").orElseThrow())
        .contains("\"nvidia.com/gpu\":\"2\"");
    assertThat(resources(objects, "VIDEOGEN_WORKER_GPU_RESOURCES").getLimits())
        .isEqualTo(Map.of("nvidia.com/gpu", new Quantity("2"), "memory", new Quantity("80Gi")));
  }

  @Test
  void metricsServiceSelectsTheOperatorPodOnPort8080() {
    List<HasMetadata> objects = render("{}");
    Service service = only(objects, Service.class);
    Deployment deployment = deployment(objects);

    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(8080);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
    assertThat(render("metrics:\n  service:\n    enabled: false\n"))
        .noneMatch(Service.class::isInstance);
  }

  @Test
  void serviceMonitorAndPodMonitorAreOffByDefaultAndScrapeQMetricsWhenOn() {
    assertThat(render("{}"))
        .extracting(HasMetadata::getKind)
        .doesNotContain("ServiceMonitor", "PodMonitor");

    List<HasMetadata> objects =
        render(
            """
            metrics:
              serviceMonitor: {enabled: true, labels: {release: prometheus}}
              podMonitor: {enabled: true, interval: 15s}
            """);
    Service service = only(objects, Service.class);
    Deployment deployment = deployment(objects);

    HasMetadata serviceMonitor = ofKind(objects, "ServiceMonitor");
    assertThat(serviceMonitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(serviceMonitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    Map<String, Object> spec = spec(serviceMonitor);
    assertThat(service.getMetadata().getLabels())
        .containsAllEntriesOf(matchLabels(spec.get("selector")));
    assertThat(endpoint(spec, "endpoints"))
        .containsEntry("port", "http")
        .containsEntry("path", "/q/metrics")
        .containsEntry("interval", "30s");

    HasMetadata podMonitor = ofKind(objects, "PodMonitor");
    assertThat(podMonitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    Map<String, Object> podSpec = spec(podMonitor);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(matchLabels(podSpec.get("selector")));
    assertThat(endpoint(podSpec, "podMetricsEndpoints"))
        .containsEntry("port", "http")
        .containsEntry("path", "/q/metrics")
        .containsEntry("interval", "15s");
  }

  @Test
  void grafanaDashboardIsOffByDefaultAndCarriesTheSidecarLabelAndTheMetricNames() {
    assertThat(render("{}")).noneMatch(o -> o.getMetadata().getName().endsWith("-dashboard"));

    HasMetadata configMap =
        render("dashboard:\n  enabled: true\n  namespace: monitoring\n").stream()
            .filter(o -> o.getMetadata().getName().endsWith("-dashboard"))
            .findFirst()
            .orElseThrow();
    assertThat(configMap.getKind()).isEqualTo("ConfigMap");
    assertThat(configMap.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    String json =
        ((io.fabric8.kubernetes.api.model.ConfigMap) configMap)
            .getData()
            .get("videogen-operator.json");
    Map<?, ?> dashboard = Serialization.unmarshal(json, Map.class);
    assertThat(dashboard.get("uid")).isEqualTo("videogen-operator");
    assertThat(json)
        .contains(
            "reconciliations_started_total",
            "reconciliations_failure_total",
            "reconciliations_execution_duration_seconds_bucket",
            "videogen_videojobs",
            "videogen_trainingruns",
            "videogen_shard_duration_seconds_bucket",
            "videogen_shard_queue_wait_seconds_bucket",
            "videogen_trainingrun_step",
            "videogen_trainingrun_loss");
  }

  @Test
  void everyNamespacedObjectNamesTheReleaseNamespace() {
    // GitOps tools apply manifests without Helm's implicit namespace.
    assertThat(render("{}"))
        .filteredOn(o -> !o.getKind().startsWith("Cluster"))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(NS));
  }

  private static void assertProbe(Probe probe, String path) {
    assertThat(probe).as("probe on %s", path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  private static List<HasMetadata> render(String values) {
    return HelmChart.objects(client, HelmChart.operator().templateWithValues(RELEASE, NS, values));
  }

  private static Deployment deployment(List<HasMetadata> objects) {
    return only(objects, Deployment.class);
  }

  private static Container operator(PodSpec pod) {
    assertThat(pod.getContainers()).hasSize(1);
    return pod.getContainers().get(0);
  }

  private static Optional<EnvVar> envVar(List<HasMetadata> objects, String name) {
    return operator(deployment(objects).getSpec().getTemplate().getSpec()).getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst();
  }

  private static Optional<String> env(List<HasMetadata> objects, String name) {
    return envVar(objects, name).map(EnvVar::getValue);
  }

  private static ResourceRequirements resources(List<HasMetadata> objects, String name) {
    return Serialization.unmarshal(env(objects, name).orElseThrow(), ResourceRequirements.class);
  }

  private static <T> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matching).as(type.getSimpleName()).hasSize(1);
    return matching.get(0);
  }

  private static HasMetadata ofKind(List<HasMetadata> objects, String kind) {
    List<HasMetadata> matching = objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    assertThat(matching).as(kind).hasSize(1);
    return matching.get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(HasMetadata object) {
    return (Map<String, Object>)
        ((io.fabric8.kubernetes.api.model.GenericKubernetesResource) object)
            .getAdditionalProperties()
            .get("spec");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> matchLabels(Object selector) {
    return (Map<String, String>) ((Map<String, Object>) selector).get("matchLabels");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> endpoint(Map<String, Object> spec, String field) {
    List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get(field);
    assertThat(endpoints).hasSize(1);
    return endpoints.get(0);
  }
}
