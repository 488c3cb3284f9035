package dev.videogen.testing;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's Helm chart ({@code helm/videogen-operator}) rendered in-process by Helm's own Go
 * library (helm-java), so tests see exactly what {@code helm template} produces.
 */
public final class HelmChart {
  /** The kinds that make up the operator's identity and permissions. */
  public static final Set<String> IDENTITY_KINDS =
      Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

  private final Path chart;

  private HelmChart(Path chart) {
    this.chart = chart;
  }

  /** The operator chart of this repository. */
  public static HelmChart operator() {
    return new HelmChart(ApiServer.repoRoot().resolve("helm").resolve("videogen-operator"));
  }

  public Path path() {
    return chart;
  }

  /**
   * {@code helm template <release> <chart> -n <namespace> --kube-version <ours> --set k=v…} as
   * YAML.
   */
  public String template(String release, String namespace, Map<String, Object> values) {
    TemplateCommand command =
        new Helm(chart)
            .template()
            .withName(release)
            .withNamespace(namespace)
            .withKubeVersion(K8sBinaries.version())
            .skipCrds();
    values.forEach(command::set);
    return command.call();
  }

  /**
   * {@code helm template <release> <chart> -n <namespace> -f values.yaml}: values given as a YAML
   * document (lists and nested maps without {@code --set} escaping). Helm validates them against
   * the chart's {@code values.schema.json} and throws with its message when they do not match.
   */
  public String templateWithValues(String release, String namespace, String valuesYaml) {
    Path file = null;
    try {
      file = Files.createTempFile("videogen-values-", ".yaml");
      Files.writeString(file, valuesYaml);
      return new Helm(chart)
          .template()
          .withName(release)
          .withNamespace(namespace)
          .withKubeVersion(K8sBinaries.version())
          .skipCrds()
          .withValuesFile(file)
          .call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        file.toFile().delete();
      }
    }
  }

  /** {@code helm lint --strict <chart>}: messages are Helm's {@code [LEVEL] file: text} lines. */
  public LintResult lint() {
    return new Helm(chart).lint().strict().call();
  }

  /** Manifests (a multi-document YAML stream) as objects; needs no cluster. */
  public static List<HasMetadata> objects(KubernetesClient client, String yaml) {
    return client
        .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .items()
        .stream()
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  /** The rendered manifests as objects. */
  public List<HasMetadata> render(
      KubernetesClient client, String release, String namespace, Map<String, Object> values) {
    return objects(client, template(release, namespace, values));
  }

  /**
   * Server-side applies the chart's ServiceAccount and RBAC objects into {@code namespace} (as
   * {@code helm install} would, minus the Deployment: tests run the operator as a local process
   * with that identity, see {@link OperatorProcess}). {@code values} are {@code --set} pairs, which
   * helm-java passes as strings: use {@link #installIdentity(KubernetesClient, String, String,
   * String)} for lists such as {@code rbac.watchNamespaces}.
   */
  public List<HasMetadata> installIdentity(
      KubernetesClient client, String release, String namespace, Map<String, Object> values) {
    return apply(client, namespace, render(client, release, namespace, values));
  }

  /** {@link #installIdentity(KubernetesClient, String, String, Map)} with values as YAML. */
  public List<HasMetadata> installIdentity(
      KubernetesClient client, String release, String namespace, String valuesYaml) {
    return apply(
        client, namespace, objects(client, templateWithValues(release, namespace, valuesYaml)));
  }

  private static List<HasMetadata> apply(
      KubernetesClient client, String namespace, List<HasMetadata> rendered) {
    List<HasMetadata> identity =
        rendered.stream()
            .filter(o -> IDENTITY_KINDS.contains(o.getKind()))
            .filter(o -> !isAggregatedUserRole(o))
            .toList();
    for (HasMetadata object : identity) {
      // Roles of watched namespaces carry their own namespace; the rest belong to the release's.
      if (!object.getKind().startsWith("Cluster") && object.getMetadata().getNamespace() == null) {
        object.getMetadata().setNamespace(namespace);
      }
      client.resource(object).fieldManager("helm").forceConflicts().serverSideApply();
    }
    return identity;
  }

  /**
   * The chart's ClusterRoles for users (aggregated into {@code admin}/{@code edit}/{@code view}):
   * installed by the chart, but not bound to the operator.
   */
  public static boolean isAggregatedUserRole(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return "ClusterRole".equals(object.getKind())
        && labels != null
        && labels.keySet().stream()
            .anyMatch(k -> k.startsWith("rbac.authorization.k8s.io/aggregate-to-"));
  }
}
