package dev.videogen.worker.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.api.task.CheckpointReference;
import dev.videogen.api.task.TaskJson;
import dev.videogen.api.task.TrainingProgress;
import dev.videogen.testing.ApiServer;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress annotation on a real kube-apiserver with RBAC: a service account allowed to patch
 * pods publishes it; one without that permission gets a logged warning, and nothing is thrown.
 */
class PodAnnotationApiServerTest {
  private static final String NS = "default";
  private static final String POD = "tiny-run-train";
  private static ApiServer api;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    api = ApiServer.start();
    client = api.client();
    client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(POD)
                .addToAnnotations("keep", "me")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("worker")
                .withImage("videogen-worker")
                .endContainer()
                .endSpec()
                .build())
        .create();
    client
        .rbac()
        .roles()
        .inNamespace(NS)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("worker-progress")
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("pods")
                        .withVerbs("patch")
                        .build())
                .build())
        .create();
    for (String account : List.of("trainer", "no-rbac")) {
      client
          .serviceAccounts()
          .inNamespace(NS)
          .resource(
              new ServiceAccountBuilder().withNewMetadata().withName(account).endMetadata().build())
          .create();
    }
    client
        .rbac()
        .roleBindings()
        .inNamespace(NS)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("trainer-progress")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "worker-progress")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("trainer")
                .withNamespace(NS)
                .endSubject()
                .build())
        .create();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  /**
   * The files a pod of {@code account} would have mounted, with a token from the TokenRequest API.
   */
  private static PodIdentity identity(String account, Path dir) throws Exception {
    String token =
        client
            .serviceAccounts()
            .inNamespace(NS)
            .withName(account)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Files.writeString(dir.resolve("token"), token);
    // kube-api-test's server certificate is self-signed: it is its own CA.
    var config = client.getConfiguration();
    if (config.getCaCertData() != null) {
      Files.write(dir.resolve("ca.crt"), Base64.getDecoder().decode(config.getCaCertData()));
    } else {
      Files.copy(Path.of(config.getCaCertFile()), dir.resolve("ca.crt"));
    }
    URI server = URI.create(client.getMasterUrl().toString());
    return new PodIdentity(
        URI.create(server.getScheme() + "://" + server.getAuthority()),
        NS,
        POD,
        dir.resolve("token"),
        dir.resolve("ca.crt"));
  }

  private static String annotation() {
    return client
        .pods()
        .inNamespace(NS)
        .withName(POD)
        .get()
        .getMetadata()
        .getAnnotations()
        .get(TrainingProgress.ANNOTATION);
  }

  @Test
  void anAllowedServiceAccountPatchesItsPodsAnnotation(@TempDir Path dir) throws Exception {
    List<String> warnings = new CopyOnWriteArrayList<>();
    TrainingProgress first = new TrainingProgress(10, 100, 0.5, 12.0, null, "2025-05-01T12:00:00Z");
    TrainingProgress second =
        new TrainingProgress(
            20,
            100,
            0.4,
            12.5,
            new CheckpointReference("s3://models/tiny-run/step-00000020", 20),
            "2025-05-01T12:00:10Z");
    try (PodAnnotationReporter reporter =
        new PodAnnotationReporter(identity("trainer", dir), warnings::add)) {
      reporter.report(first);
      reporter.flush(30_000);
      assertThat(annotation()).isEqualTo(TaskJson.write(first));
      reporter.report(second);
      reporter.flush(30_000);
      assertThat(reporter.successes()).isEqualTo(2);
    }
    assertThat(warnings).isEmpty();
    assertThat(TaskJson.readProgress(annotation())).isEqualTo(second);
    // A merge patch of one annotation leaves the others alone.
    assertThat(client.pods().inNamespace(NS).withName(POD).get().getMetadata().getAnnotations())
        .containsEntry("keep", "me");
  }

  @Test
  void aMissingPermissionIsLoggedNotThrown(@TempDir Path dir) throws Exception {
    List<String> warnings = new CopyOnWriteArrayList<>();
    PodIdentity pod = identity("no-rbac", dir);
    String before = annotation();
    try (PodAnnotationReporter reporter = new PodAnnotationReporter(pod, warnings::add)) {
      for (int i = 1; i <= 3; i++) {
        reporter.report(new TrainingProgress(i, 100, 0.5, 1.0, null, "2025-05-01T12:00:00Z"));
        reporter.flush(30_000);
      }
      assertThat(reporter.failures()).isEqualTo(3);
      assertThat(reporter.successes()).isZero();
    }
    assertThat(annotation()).isEqualTo(before);
    // Logged once, naming the pod and the API server's reason; never the token.
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains("pod default/" + POD)
        .contains("HTTP 403")
        .contains("system:serviceaccount:default:no-rbac")
        .contains("cannot patch resource \"pods\"")
        .doesNotContain(Files.readString(dir.resolve("token")));
  }
}
