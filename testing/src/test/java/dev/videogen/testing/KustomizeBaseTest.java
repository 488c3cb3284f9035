package dev.videogen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kustomize base and overlay in {@code examples/kustomize}: every file they name exists, the
 * generated manifests are what {@code crds/} and the chart hold today, and {@code kubectl apply
 * --server-side -k} of the overlay installs the CRDs and the operator into a real API server.
 */
class KustomizeBaseTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Path ROOT = ApiServer.repoRoot().resolve("examples").resolve("kustomize");
  private static final Path BASE = ROOT.resolve("base");
  private static final Path OVERLAY = ROOT.resolve("overlays").resolve("private-registry");

  /** {@code -Dvideogen.update-manifests=true} rewrites the generated files instead of failing. */
  private static final boolean UPDATE = Boolean.getBoolean("videogen.update-manifests");

  private static final String REFRESH =
      "Refresh them with: ./mvnw -q -o -pl testing -am test -Dtest=KustomizeBaseTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dvideogen.update-manifests=true";

  static final String RELEASE = "videogen";
  static final String NAMESPACE = "videogen-system";

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/private-registry"})
  void everyFileAKustomizationNamesExists(String dir) throws IOException {
    Path kustomization = ROOT.resolve(dir).resolve("kustomization.yaml");
    JsonNode k = YAML.readTree(kustomization.toFile());
    List<String> named = new ArrayList<>();
    k.path("resources").forEach(r -> named.add(r.asText()));
    k.path("patches").forEach(p -> named.add(p.path("path").asText()));
    assertThat(named).as("entries of %s", kustomization).isNotEmpty();
    for (String entry : named) {
      Path target = kustomization.getParent().resolve(entry).normalize();
      assertThat(target).as("%s names %s", kustomization, entry).exists();
      if (Files.isDirectory(target)) {
        assertThat(target.resolve("kustomization.yaml")).exists();
      }
    }
  }

  @Test
  void crdsYamlIsACopyOfTheCrds() throws IOException {
    StringBuilder expected =
        new StringBuilder(header("a copy of crds/ (kubectl apply --server-side: too large for"));
    expected.append("# the last-applied annotation of client-side apply).\n");
    try (Stream<Path> files = Files.list(Crds.dir())) {
      for (Path crd : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
        expected.append("---\n").append(Files.readString(crd, StandardCharsets.UTF_8));
      }
    }
    assertGenerated(BASE.resolve("crds.yaml"), expected.toString());
  }

  @Test
  void operatorYamlIsTheChartRenderedWithItsDefaults() throws IOException {
    String rendered = HelmChart.operator().template(RELEASE, NAMESPACE, Map.of());
    String expected =
        header("helm template " + RELEASE + " helm/videogen-operator -n " + NAMESPACE + ".")
            + rendered;
    assertGenerated(BASE.resolve("operator.yaml"), expected);
  }

  @Test
  void everyNamespacedObjectOfTheBaseNamesItsNamespace() throws IOException {
    // kubectl apply -k would otherwise put it into the kubeconfig's current namespace.
    try (KubernetesClient client =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder().build()) {
      List<HasMetadata> objects =
          HelmChart.objects(client, Files.readString(BASE.resolve("operator.yaml")));
      assertThat(objects).isNotEmpty();
      assertThat(objects.stream().filter(o -> !o.getKind().startsWith("Cluster")))
          .allSatisfy(
              o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo(NAMESPACE));
    }
  }

  @Test
  void overlayInstallsIntoAnApiServerWithKubectlApplyK() throws Exception {
    try (ApiServer api = ApiServer.start()) {
      Path kubeconfig = Files.createTempFile("videogen-kubeconfig-", ".yaml");
      try {
        Files.writeString(kubeconfig, api.kubeconfigYaml());
        String out =
            kubectl(
                kubeconfig,
                "apply",
                "--server-side",
                "--field-manager=kustomize-test",
                "-k",
                OVERLAY.toString());
        assertThat(out).contains("deployment.apps/videogen-videogen-operator serverside-applied");

        KubernetesClient client = api.client();
        for (String crd : List.of("videojobs.videogen.dev", "trainingruns.videogen.dev")) {
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crd)
              .waitUntilCondition(Crds::established, 60, TimeUnit.SECONDS);
        }
        assertThat(client.namespaces().withName(NAMESPACE).get().getMetadata().getLabels())
            .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        Deployment operator =
            client
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName("videogen-videogen-operator")
                .get();
        var container = operator.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry.example/videogen/operator:0.1.0");
        assertThat(container.getEnv())
            .anySatisfy(
                e -> {
                  assertThat(e.getName()).isEqualTo("VIDEOGEN_WORKER_IMAGE");
                  assertThat(e.getValue()).isEqualTo("registry.example/videogen/worker:0.1.0-cuda");
                })
            // The patch merged into the chart's env list rather than replacing it.
            .anySatisfy(e -> assertThat(e.getName()).isEqualTo("QUARKUS_OPERATOR_SDK_NAMESPACES"));
        assertThat(
                client
                    .serviceAccounts()
                    .inNamespace(NAMESPACE)
                    .withName(operator.getSpec().getTemplate().getSpec().getServiceAccountName())
                    .get())
            .as("the operator's ServiceAccount")
            .isNotNull();
      } finally {
        Files.deleteIfExists(kubeconfig);
      }
    }
  }

  private static String header(String what) {
    return "# Generated by KustomizeBaseTest, do not edit: " + what + "\n";
  }

  private static void assertGenerated(Path file, String expected) throws IOException {
    if (UPDATE) {
      Files.writeString(file, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "")
        .as("%s is out of date. %s", file, REFRESH)
        .isEqualTo(expected);
  }

  /** Runs the cached kubectl (hack/k8s-bin.sh); returns its output, failing on a non-zero exit. */
  private static String kubectl(Path kubeconfig, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(K8sBinaries.binary("kubectl").toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
    assertThat(p.exitValue()).as("%s\n%s", String.join(" ", command), out).isZero();
    return out;
  }
}
