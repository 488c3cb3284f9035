package dev.videogen.testing;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
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

  /** The rendered manifests as objects. */
  public List<HasMetadata> render(
      KubernetesClient client, String release, String namespace, Map<String, Object> values) {
    String yaml = template(release, namespace, values);
    return client
        .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .items()
        .stream()
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  /**
   * Server-side applies the chart's ServiceAccount and RBAC objects into {@code namespace} (as
   * {@code helm install} would, minus the Deployment: tests run the operator as a local process
   * with that identity, see {@link OperatorProcess}).
   */
  public List<HasMetadata> installIdentity(
      KubernetesClient client, String release, String namespace, Map<String, Object> values) {
    List<HasMetadata> identity =
        render(client, release, namespace, values).stream()
            .filter(o -> IDENTITY_KINDS.contains(o.getKind()))
            .toList();
    for (HasMetadata object : identity) {
      if (!object.getKind().startsWith("Cluster")) {
        object.getMetadata().setNamespace(namespace);
      }
      client.resource(object).fieldManager("helm").forceConflicts().serverSideApply();
    }
    return identity;
  }
}
