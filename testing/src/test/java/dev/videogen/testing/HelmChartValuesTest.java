package dev.videogen.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chart's values are checked by {@code values.schema.json} (Helm rejects a wrong value before
 * rendering, naming the field), documented field by field, and the chart passes {@code helm lint
 * --strict}.
 */
class HelmChartValuesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "replicas: two | /replicas | integer",
        "worker:\\n  gpuResource: {} | /worker | gpuResource",
        "rbac:\\n  watchNamespaces: Team_A | /rbac/watchNamespaces | array",
        "rbac:\\n  watchNamespaces: [Team_A] | /rbac/watchNamespaces/0 | does not match pattern",
        "worker:\\n  runAsUser: 0 | /worker/runAsUser | minimum",
        "image:\\n  pullPolicy: Sometimes | /image/pullPolicy | Always",
        "metrics:\\n  serviceMonitor:\\n    enabled: \"yes\" | /metrics/serviceMonitor/enabled | boolean",
        "worker:\\n  gpuResources:\\n    limits:\\n      memory: lots | /worker/gpuResources/limits/memory | ",
      })
  void schemaRejectsAWrongValueNamingTheField(String values, String path, String words) {
    String yaml = values.replace("\\n", "\n");
    assertThatThrownBy(() -> HelmChart.operator().templateWithValues("videogen", "ns", yaml))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(path)
        .hasMessageContaining(words == null ? "" : words);
  }

  @Test
  void schemaAcceptsTheDocumentedShapes() {
    String yaml =
        """
        rbac: {watchNamespaces: [team-a]}
        worker:
          gpuResources: {limits: {nvidia.com/gpu: 2, memory: 80Gi}, requests: {cpu: 0.5}}
        extraEnv: [{name: QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS, value: "4"}]
        metrics: {serviceMonitor: {enabled: true, interval: 1m, scrapeTimeout: 10s}}
        """;
    assertThat(HelmChart.operator().templateWithValues("videogen", "ns", yaml))
        .contains("kind: ServiceMonitor", "QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS");
  }

  @Test
  void serviceMonitorWithoutTheServiceFailsWithAMessage() {
    String yaml = "metrics: {service: {enabled: false}, serviceMonitor: {enabled: true}}";
    assertThatThrownBy(() -> HelmChart.operator().templateWithValues("videogen", "ns", yaml))
        .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.service.enabled");
  }

  @Test
  void chartPassesStrictLintWithoutErrorsOrWarnings() {
    LintResult lint = HelmChart.operator().lint();

    assertThat(lint.getMessages())
        .as("helm lint --strict")
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
  }

  /**
   * helm-docs style: every value has a {@code # --} comment right above it, or sits inside a
   * documented block (e.g. {@code resources.requests.cpu} under the documented {@code resources}).
   */
  @Test
  void everyValueIsDocumented() throws IOException {
    List<String> lines = Files.readAllLines(HelmChart.operator().path().resolve("values.yaml"));
    Pattern key = Pattern.compile("^(\\s*)([A-Za-z0-9_./-]+):(.*)$");
    // Indentation and documented flag of each open parent key.
    Deque<int[]> parents = new ArrayDeque<>();
    List<String> undocumented = new ArrayList<>();
    boolean commentAbove = false;
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#")) {
        commentAbove |= trimmed.startsWith("# --");
        continue;
      }
      Matcher m = key.matcher(line);
      if (trimmed.isEmpty() || !m.matches()) {
        commentAbove = false;
        continue;
      }
      int indent = m.group(1).length();
      while (!parents.isEmpty() && parents.peek()[0] >= indent) {
        parents.pop();
      }
      boolean inDocumentedBlock = parents.stream().anyMatch(p -> p[1] == 1);
      boolean documented = commentAbove || inDocumentedBlock;
      boolean leaf = !m.group(3).isBlank();
      if (leaf && !documented) {
        undocumented.add(line.strip());
      }
      parents.push(new int[] {indent, documented ? 1 : 0});
      commentAbove = false;
    }
    assertThat(undocumented).as("values without a '# --' comment").isEmpty();
  }
}
