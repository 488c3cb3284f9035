package dev.videogen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart grants the operator exactly the permissions its reconcilers need, in both RBAC modes:
 * cluster-wide (ClusterRole) and watched namespaces (a Role per namespace), plus the leader
 * election Lease in its own namespace only. No wildcard, no Secrets.
 */
class HelmChartRbacTest {
  private static final String RELEASE = "videogen";
  private static final String NS = "videogen-system";
  private static final String SA = "videogen-videogen-operator";

  /**
   * The operator's permissions on watched namespaces, as {@code group/resource:verb}, written from
   * the design (docs/install.md), not read from the chart.
   */
  static final Set<String> WATCHED_NAMESPACE_PERMISSIONS =
      permissions(
          "videogen.dev/videojobs:get,list,watch",
          "videogen.dev/trainingruns:get,list,watch",
          "videogen.dev/videojobs/status:get,update,patch",
          "videogen.dev/trainingruns/status:get,update,patch",
          "batch/jobs:get,list,watch,create,patch,delete",
          "/configmaps:get,list,watch,create,patch,delete",
          "/pods:get,list,watch",
          "/persistentvolumeclaims:get,list,watch",
          "/events:create,patch",
          "events.k8s.io/events:create,patch",
          "/serviceaccounts:get,create,patch",
          "rbac.authorization.k8s.io/rolebindings:get,create,patch",
          "rbac.authorization.k8s.io/clusterroles:bind");

  /** The ClusterRole training pods are bound to: their own pod's progress annotation. */
  static final String TRAINER_ROLE = "videogen-videogen-operator-trainer";

  static final Set<String> LEASE_PERMISSIONS =
      permissions("coordination.k8s.io/leases:get,create,update");

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
  void clusterWideModeGrantsTheRulesThroughOneClusterRoleBoundToTheServiceAccount() {
    List<HasMetadata> objects = render("{}");

    List<ClusterRole> operatorRoles =
        ofKind(objects, ClusterRole.class).stream()
            .filter(r -> !HelmChart.isAggregatedUserRole(r))
            .filter(r -> !TRAINER_ROLE.equals(r.getMetadata().getName()))
            .toList();
    assertThat(operatorRoles).hasSize(1);
    ClusterRole role = operatorRoles.get(0);
    assertThat(permissions(role.getRules())).isEqualTo(WATCHED_NAMESPACE_PERMISSIONS);
    assertPlainRules(role.getRules());

    List<ClusterRoleBinding> bindings = ofKind(objects, ClusterRoleBinding.class);
    assertThat(bindings).hasSize(1);
    assertRefAndSubject(
        bindings.get(0).getRoleRef(), "ClusterRole", role, bindings.get(0).getSubjects());

    // Only the Lease Role is namespaced, and it lives in the release namespace.
    List<Role> roles = ofKind(objects, Role.class);
    assertThat(roles).hasSize(1);
    assertThat(roles.get(0).getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(permissions(roles.get(0).getRules())).isEqualTo(LEASE_PERMISSIONS);
    assertLeaseBinding(objects, roles.get(0));
  }

  @Test
  void watchNamespacesModeGrantsTheRulesThroughARolePerNamespaceAndNothingClusterWide() {
    List<HasMetadata> objects = render("rbac:\n  watchNamespaces: [team-a, team-b]\n");

    assertThat(ofKind(objects, ClusterRoleBinding.class)).isEmpty();
    assertThat(ofKind(objects, ClusterRole.class))
        .allMatch(r -> HelmChart.isAggregatedUserRole(r) || isTrainerRole(r));

    for (String namespace : List.of("team-a", "team-b")) {
      List<Role> roles =
          ofKind(objects, Role.class).stream()
              .filter(r -> namespace.equals(r.getMetadata().getNamespace()))
              .toList();
      assertThat(roles).as("Roles in %s", namespace).hasSize(1);
      Role role = roles.get(0);
      assertThat(permissions(role.getRules())).isEqualTo(WATCHED_NAMESPACE_PERMISSIONS);
      assertPlainRules(role.getRules());

      List<RoleBinding> bindings =
          ofKind(objects, RoleBinding.class).stream()
              .filter(b -> namespace.equals(b.getMetadata().getNamespace()))
              .toList();
      assertThat(bindings).as("RoleBindings in %s", namespace).hasSize(1);
      assertRefAndSubject(
          bindings.get(0).getRoleRef(), "Role", role, bindings.get(0).getSubjects());
    }

    List<Role> own =
        ofKind(objects, Role.class).stream()
            .filter(r -> NS.equals(r.getMetadata().getNamespace()))
            .toList();
    assertThat(own).hasSize(1);
    assertThat(permissions(own.get(0).getRules())).isEqualTo(LEASE_PERMISSIONS);
    assertLeaseBinding(objects, own.get(0));
  }

  @Test
  void trainerRoleOnlyPatchesPodsAndTheOperatorMayOnlyBindIt() {
    for (String values : List.of("{}", "rbac:\n  watchNamespaces: [team-a]\n")) {
      List<HasMetadata> objects = render(values);
      ClusterRole trainer =
          ofKind(objects, ClusterRole.class).stream()
              .filter(HelmChartRbacTest::isTrainerRole)
              .findFirst()
              .orElseThrow();
      assertThat(permissions(trainer.getRules())).isEqualTo(permissions("/pods:get,patch"));
      // The chart binds it nowhere: the operator binds it per namespace, to the trainer account.
      assertThat(ofKind(objects, ClusterRoleBinding.class))
          .noneMatch(b -> TRAINER_ROLE.equals(b.getRoleRef().getName()));
      assertThat(ofKind(objects, RoleBinding.class))
          .noneMatch(b -> TRAINER_ROLE.equals(b.getRoleRef().getName()));
    }
  }

  private static boolean isTrainerRole(HasMetadata role) {
    return TRAINER_ROLE.equals(role.getMetadata().getName());
  }

  @Test
  void withoutLeaderElectionThereIsNoLeaseAccess() {
    List<HasMetadata> objects = render("leaderElection:\n  enabled: false\n");

    assertThat(ofKind(objects, Role.class)).isEmpty();
    assertThat(ofKind(objects, RoleBinding.class)).isEmpty();
  }

  @Test
  void noRuleOfAnyModeTouchesSecretsOrUsesAWildcard() {
    for (String values :
        List.of(
            "{}", "rbac:\n  watchNamespaces: [team-a]\n", "rbac:\n  aggregateUserRoles: true")) {
      List<PolicyRule> rules =
          render(values).stream()
              .flatMap(
                  o ->
                      o instanceof ClusterRole c
                          ? c.getRules().stream()
                          : o instanceof Role r
                              ? r.getRules().stream()
                              : java.util.stream.Stream.of())
              .toList();
      assertThat(rules).isNotEmpty();
      assertPlainRules(rules);
      assertThat(rules).noneMatch(r -> r.getResources().contains("secrets"));
    }
  }

  @Test
  void aggregatedUserRolesAreNotBoundToTheOperatorAndCanBeTurnedOff() {
    List<ClusterRole> userRoles =
        ofKind(render("{}"), ClusterRole.class).stream()
            .filter(HelmChart::isAggregatedUserRole)
            .toList();
    assertThat(userRoles)
        .extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "videogen-videogen-operator-edit", "videogen-videogen-operator-view");
    ClusterRole view =
        userRoles.stream()
            .filter(r -> r.getMetadata().getName().endsWith("-view"))
            .findFirst()
            .get();
    assertThat(view.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
    assertThat(view.getRules())
        .allSatisfy(r -> assertThat(r.getVerbs()).containsOnly("get", "list", "watch"));

    assertThat(render("rbac:\n  aggregateUserRoles: false\n"))
        .noneMatch(HelmChart::isAggregatedUserRole);
  }

  @Test
  void rbacCreateFalseRendersNoRbacObjects() {
    List<HasMetadata> objects = render("rbac:\n  create: false\n  aggregateUserRoles: false\n");

    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .doesNotContain("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
  }

  private static void assertRefAndSubject(
      RoleRef ref, String kind, HasMetadata role, List<Subject> subjects) {
    assertThat(ref.getKind()).isEqualTo(kind);
    assertThat(ref.getName()).isEqualTo(role.getMetadata().getName());
    assertThat(subjects).hasSize(1);
    assertThat(subjects.get(0).getKind()).isEqualTo("ServiceAccount");
    assertThat(subjects.get(0).getName()).isEqualTo(SA);
    assertThat(subjects.get(0).getNamespace()).isEqualTo(NS);
  }

  private static void assertLeaseBinding(List<HasMetadata> objects, Role leaseRole) {
    List<RoleBinding> bindings =
        ofKind(objects, RoleBinding.class).stream()
            .filter(b -> NS.equals(b.getMetadata().getNamespace()))
            .toList();
    assertThat(bindings).hasSize(1);
    assertRefAndSubject(
        bindings.get(0).getRoleRef(), "Role", leaseRole, bindings.get(0).getSubjects());
  }

  /**
   * Every rule names groups, resources and verbs explicitly: no "*", no URLs, and no names except
   * on the one {@code bind} rule, which is limited to the trainer ClusterRole.
   */
  private static void assertPlainRules(List<PolicyRule> rules) {
    for (PolicyRule rule : rules) {
      assertThat(rule.getApiGroups()).doesNotContain("*");
      assertThat(rule.getResources()).isNotEmpty().doesNotContain("*");
      assertThat(rule.getVerbs()).isNotEmpty().doesNotContain("*");
      if (rule.getVerbs().contains("bind")) {
        assertThat(rule.getVerbs()).containsExactly("bind");
        assertThat(rule.getResourceNames()).containsExactly(TRAINER_ROLE);
      } else {
        assertThat(rule.getResourceNames()).isNullOrEmpty();
      }
      assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
    }
  }

  private static List<HasMetadata> render(String values) {
    return HelmChart.objects(client, HelmChart.operator().templateWithValues(RELEASE, NS, values));
  }

  private static <T> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** A rule set as the set of {@code group/resource:verb} it grants. */
  static Set<String> permissions(List<PolicyRule> rules) {
    Set<String> out = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            out.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    return out;
  }

  private static Set<String> permissions(String... grants) {
    Set<String> out = new TreeSet<>();
    for (String grant : grants) {
      String[] parts = grant.split(":");
      for (String verb : parts[1].split(",")) {
        out.add(parts[0] + ":" + verb);
      }
    }
    return out;
  }
}
