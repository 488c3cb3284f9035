package dev.videogen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC objects installed into a real API server, which then answers what the operator's
 * ServiceAccount may do (SubjectAccessReview): the rendered rules mean, to the authorizer, what
 * {@link HelmChartRbacTest} says they say.
 */
class HelmChartRbacApiServerTest {
  private static ApiServer api;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    api = ApiServer.startWithCrds();
    client = api.client();
    for (String ns : List.of("ops-cluster", "ops-namespaced", "team-a", "team-b", "other")) {
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .serverSideApply();
    }
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void clusterWideAccountWorksInEveryNamespaceButNeverOnSecretsSpecsOrForeignLeases() {
    String user = install("cluster", "ops-cluster", "{}");

    assertThat(allowed(user, "other", "videogen.dev", "videojobs", "", "watch")).isTrue();
    assertThat(allowed(user, "team-a", "videogen.dev", "trainingruns", "status", "patch")).isTrue();
    assertThat(allowed(user, "other", "batch", "jobs", "", "create")).isTrue();
    assertThat(allowed(user, "other", "", "pods", "", "list")).isTrue();
    assertThat(allowed(user, "ops-cluster", "coordination.k8s.io", "leases", "", "update"))
        .isTrue();

    assertThat(allowed(user, "other", "", "secrets", "", "get")).isFalse();
    assertThat(allowed(user, "other", "videogen.dev", "videojobs", "", "update")).isFalse();
    assertThat(allowed(user, "other", "videogen.dev", "videojobs", "", "create")).isFalse();
    assertThat(allowed(user, "other", "", "pods", "", "delete")).isFalse();
    assertThat(allowed(user, "other", "coordination.k8s.io", "leases", "", "create")).isFalse();
  }

  @Test
  void namespacedAccountWorksOnlyInTheWatchedNamespaces() {
    String user =
        install("namespaced", "ops-namespaced", "rbac: {watchNamespaces: [team-a, team-b]}");

    for (String ns : List.of("team-a", "team-b")) {
      assertThat(allowed(user, ns, "videogen.dev", "videojobs", "", "list")).isTrue();
      assertThat(allowed(user, ns, "videogen.dev", "videojobs", "status", "update")).isTrue();
      assertThat(allowed(user, ns, "", "configmaps", "", "delete")).isTrue();
      assertThat(allowed(user, ns, "events.k8s.io", "events", "", "create")).isTrue();
      assertThat(allowed(user, ns, "", "persistentvolumeclaims", "", "get")).isTrue();
      assertThat(allowed(user, ns, "", "secrets", "", "list")).isFalse();
    }
    assertThat(allowed(user, "ops-namespaced", "coordination.k8s.io", "leases", "", "get"))
        .isTrue();

    assertThat(allowed(user, "other", "videogen.dev", "videojobs", "", "list")).isFalse();
    assertThat(allowed(user, "other", "batch", "jobs", "", "create")).isFalse();
    assertThat(allowed(user, "", "videogen.dev", "videojobs", "", "list"))
        .as("all namespaces at once")
        .isFalse();
  }

  /** Installs the chart's identity as release {@code release}; returns its ServiceAccount user. */
  private static String install(String release, String namespace, String values) {
    List<HasMetadata> identity =
        HelmChart.operator().installIdentity(client, release, namespace, values);
    String account =
        identity.stream()
            .filter(o -> o.getKind().equals("ServiceAccount"))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();
    return OperatorProcess.serviceAccountUser(namespace, account);
  }

  private static boolean allowed(
      String user, String namespace, String group, String resource, String sub, String verb) {
    String accountNamespace = user.split(":")[2];
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(user)
            .withGroups(OperatorProcess.serviceAccountGroups(accountNamespace))
            .withResourceAttributes(
                new ResourceAttributesBuilder()
                    .withNamespace(namespace)
                    .withGroup(group)
                    .withResource(resource)
                    .withSubresource(sub)
                    .withVerb(verb)
                    .build())
            .endSpec()
            .build();
    return client.resource(review).create().getStatus().getAllowed();
  }
}
