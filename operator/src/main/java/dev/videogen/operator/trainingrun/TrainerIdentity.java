package dev.videogen.operator.trainingrun;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ServiceAccount training pods run as, so they can patch their own pod's progress annotation:
 * {@value #NAME} in each namespace, bound to the chart's trainer ClusterRole (get and patch pods,
 * nothing else). The operator may only bind that one ClusterRole; it never holds the permission
 * itself. Without a configured ClusterRole, training pods get no token and report progress only in
 * their logs and final result.
 */
@ApplicationScoped
public class TrainerIdentity {
  public static final String NAME = "videogen-trainer";

  private final KubernetesClient client;
  private final Optional<String> clusterRole;

  /** Namespaces where both exist: applied once per operator process, not on every reconcile. */
  private final Set<String> ensured = ConcurrentHashMap.newKeySet();

  public TrainerIdentity(
      KubernetesClient client,
      @ConfigProperty(name = "videogen.trainer.cluster-role") Optional<String> clusterRole) {
    this.client = client;
    this.clusterRole = clusterRole.filter(r -> !r.isBlank());
  }

  /** Ensures the account and its binding exist in {@code namespace}; empty when not configured. */
  public Optional<String> ensure(String namespace) {
    if (clusterRole.isEmpty()) {
      return Optional.empty();
    }
    if (ensured.contains(namespace)) {
      return Optional.of(NAME);
    }
    client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(NAME)
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "videogen-operator")
                .endMetadata()
                .build())
        .serverSideApply();
    client
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(NAME)
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "videogen-operator")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole.get())
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(NAME)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .serverSideApply();
    ensured.add(namespace);
    return Optional.of(NAME);
  }
}
