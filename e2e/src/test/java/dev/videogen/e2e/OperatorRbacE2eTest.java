package dev.videogen.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.testing.ApiServer;
import dev.videogen.testing.Crds;
import dev.videogen.testing.HelmChart;
import dev.videogen.testing.KwokCluster;
import dev.videogen.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator runs against a kwok cluster with exactly the permissions the Helm chart
 * grants its ServiceAccount; with one rule taken away it must fail, which proves the RBAC is what
 * the operator runs with.
 */
class OperatorRbacE2eTest {
  private static final String SYSTEM_NS = "videogen-system";
  private static final String RELEASE = "videogen";
  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static KwokCluster cluster;
  private static KubernetesClient client;
  private static List<HasMetadata> identity;

  @BeforeAll
  static void installChartIdentity() {
    cluster = KwokCluster.create("e2e-rbac-" + ProcessHandle.current().pid());
    client = cluster.client();
    Crds.install(client, Crds.dir());
    createNamespace(SYSTEM_NS);
    identity = HelmChart.operator().installIdentity(client, RELEASE, SYSTEM_NS, Map.of());
  }

  @AfterAll
  static void deleteCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void operatorWithTheChartsServiceAccountReconcilesVideoJobs() throws Exception {
    String serviceAccount = only("ServiceAccount").getMetadata().getName();
    try (OperatorProcess operator = start(serviceAccount, "chart")) {
      operator.awaitReady(STARTUP);

      createNamespace("team-a");
      VideoJob job;
      try (InputStream in =
          Files.newInputStream(
              ApiServer.repoRoot().resolve("examples/videojob-text-to-video.yaml"))) {
        job = client.resources(VideoJob.class).load(in).item();
      }
      client.resource(job).inNamespace("team-a").create();

      // With the chart's permissions it plans the job and records why it waits: the TrainingRun
      // the example names does not exist here.
      client
          .resources(VideoJob.class)
          .inNamespace("team-a")
          .withName("red-circle")
          .waitUntilCondition(
              vj -> vj.getStatus() != null && vj.getStatus().getPhase() != null,
              STARTUP.toSeconds(),
              java.util.concurrent.TimeUnit.SECONDS);
      assertThat(operator.log()).doesNotContainIgnoringCase("forbidden");
    }
  }

  @Test
  void operatorMissingOneRuleOfTheChartFailsToStartWithForbidden() {
    // The chart's ClusterRole without TrainingRuns in its read rule, bound to a second account.
    ClusterRole chartRole =
        (ClusterRole)
            identity.stream()
                .filter(o -> o instanceof ClusterRole)
                .filter(o -> !o.getMetadata().getName().endsWith("-trainer"))
                .findFirst()
                .orElseThrow();
    List<PolicyRule> rules =
        chartRole.getRules().stream()
            .map(
                rule -> {
                  PolicyRule copy =
                      new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder(rule).build();
                  copy.setResources(
                      rule.getResources().stream().filter(r -> !r.equals("trainingruns")).toList());
                  return copy;
                })
            .toList();
    assertThat(rules).isNotEqualTo(chartRole.getRules());
    String account = "videogen-missing-rule";
    client
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(account).endMetadata().build())
        .inNamespace(SYSTEM_NS)
        .create();
    client
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(account)
                .endMetadata()
                .withRules(rules)
                .build())
        .create();
    ClusterRoleBinding binding =
        new ClusterRoleBindingBuilder()
            .withNewMetadata()
            .withName(account)
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", account)
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName(account)
            .withNamespace(SYSTEM_NS)
            .endSubject()
            .build();
    client.resource(binding).create();

    try (OperatorProcess operator = start(account, "missing-rule")) {
      OptionalInt exit = operator.awaitExit(STARTUP);
      assertThat(exit).as("operator should stop when it cannot watch TrainingRuns").isPresent();
      assertThat(exit.getAsInt()).isNotZero();
      assertThat(operator.log()).contains("trainingruns").containsIgnoringCase("forbidden");
    }
  }

  private static OperatorProcess start(String serviceAccount, String logName) {
    return OperatorProcess.start(
        cluster.kubeconfig(),
        SYSTEM_NS,
        serviceAccount,
        Map.of(),
        Path.of("target", "operator-" + logName + ".log").toAbsolutePath());
  }

  private static HasMetadata only(String kind) {
    List<HasMetadata> ofKind = identity.stream().filter(o -> kind.equals(o.getKind())).toList();
    assertThat(ofKind).as("chart objects of kind " + kind).hasSize(1);
    return ofKind.get(0);
  }

  private static void createNamespace(String name) {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }
}
