package dev.videogen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The Argo CD health checks in {@code examples/argocd} run under Argo CD's contract: the script
 * sees the resource as the global {@code obj} and returns a table with {@code status} (Healthy,
 * Progressing, Degraded, Suspended…) and {@code message}. Run here by LuaJ against statuses shaped
 * like the operator's.
 */
class ArgoCdHealthCheckTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Path DIR = ApiServer.repoRoot().resolve("examples").resolve("argocd");

  /** What a health check returned. */
  record Health(String status, String message) {}

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no status yet | {} \
            | Progressing | Waiting for the operator to observe the VideoJob
          spec changed, status from the old generation \
            | {phase: Succeeded, observedGeneration: 1} \
            | Progressing | Waiting for the operator to observe generation 2
          pending with a reason \
            | {phase: Pending, observedGeneration: 2, conditions: [{type: Progressing, status: "True", reason: Scheduling, message: waiting for 4 GPUs}]} \
            | Progressing | Pending; waiting for 4 GPUs
          running with progress \
            | {phase: Running, observedGeneration: 2, progress: {percent: 42, framesDone: 10, framesTotal: 24}} \
            | Progressing | Running: 42% (10/24 frames)
          succeeded \
            | {phase: Succeeded, observedGeneration: 2, conditions: [{type: Ready, status: "True", reason: Succeeded}, {type: Succeeded, status: "True", reason: Rendered, message: 1 artifact in pvc://videogen-outputs/red-circle}]} \
            | Healthy | Rendered: 1 artifact in pvc://videogen-outputs/red-circle
          failed with failed shards \
            | {phase: Failed, observedGeneration: 2, shards: {total: 6, failed: 2}, conditions: [{type: Failed, status: "True", reason: ShardFailed, message: shard 3 exited with 137}]} \
            | Degraded | ShardFailed: shard 3 exited with 137 (2 shard(s) failed)
          failed condition while the phase still says running \
            | {phase: Running, observedGeneration: 2, conditions: [{type: Failed, status: "True", reason: InvalidSpec, message: inputs.image is required for ImageToVideo}]} \
            | Degraded | InvalidSpec: inputs.image is required for ImageToVideo
          failed without a condition \
            | {phase: Failed, observedGeneration: 2} \
            | Degraded | VideoJob failed
          suspended \
            | {phase: Suspended, observedGeneration: 2, conditions: [{type: Suspended, status: "True", reason: Suspended, message: spec.suspend is true}]} \
            | Suspended | Suspended: spec.suspend is true
          a phase this check does not know \
            | {phase: Exploding, observedGeneration: 2} \
            | Unknown | Unknown phase Exploding
          """)
  void videoJobHealth(String name, String status, String expected, String message) {
    Health health = run("health-videojob.lua", resource("VideoJob", 2, status));

    assertThat(health).isEqualTo(new Health(expected, message));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no status yet | {} \
            | Progressing | Waiting for the operator to observe the TrainingRun
          spec changed, status from the old generation \
            | {phase: Running, observedGeneration: 2, step: 10} \
            | Progressing | Waiting for the operator to observe generation 3
          running with step and loss \
            | {phase: Running, observedGeneration: 3, step: 1200, totalSteps: 2000, loss: 0.0123456} \
            | Progressing | Running: step 1200/2000, loss 0.01235
          running with a large loss and a condition message \
            | {phase: Running, observedGeneration: 3, step: 5, loss: 2.5, conditions: [{type: Progressing, status: "True", reason: Training, message: 812 samples/s}]} \
            | Progressing | Running: step 5, loss 2.5; 812 samples/s
          succeeded \
            | {phase: Succeeded, observedGeneration: 3, latestCheckpoint: {uri: pvc://videogen-models/tiny/step-2000, step: 2000}, conditions: [{type: Succeeded, status: "True", reason: Trained, message: 2000 steps}]} \
            | Healthy | Trained: 2000 steps; latest checkpoint pvc://videogen-models/tiny/step-2000
          failed \
            | {phase: Failed, observedGeneration: 3, conditions: [{type: Failed, status: "True", reason: WorkerFailed, message: out of GPU memory}]} \
            | Degraded | WorkerFailed: out of GPU memory
          suspended without a condition \
            | {phase: Suspended, observedGeneration: 3} \
            | Suspended | TrainingRun is suspended
          """)
  void trainingRunHealth(String name, String status, String expected, String message) {
    Health health = run("health-trainingrun.lua", resource("TrainingRun", 3, status));

    assertThat(health).isEqualTo(new Health(expected, message));
  }

  @Test
  void argoCdConfigMapCarriesTheseScriptsUnderTheResourceCustomizationKeys() throws IOException {
    ConfigMap cm = Serialization.unmarshal(Files.readString(DIR.resolve("argocd-cm.yaml")));

    assertThat(cm.getMetadata().getName()).isEqualTo("argocd-cm");
    assertThat(cm.getData())
        .as(
            "argocd-cm.yaml must hold each .lua file verbatim (indented 4 spaces) under its key;"
                + " copy the file again after changing it")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "resource.customizations.health.videogen.dev_VideoJob",
                Files.readString(DIR.resolve("health-videojob.lua")),
                "resource.customizations.health.videogen.dev_TrainingRun",
                Files.readString(DIR.resolve("health-trainingrun.lua"))));
  }

  @Test
  @SuppressWarnings("unchecked")
  void applicationInstallsThisChartWithServerSideApply() throws IOException {
    GenericKubernetesResource app =
        Serialization.unmarshal(
            Files.readString(DIR.resolve("application.yaml")), GenericKubernetesResource.class);
    Map<String, Object> spec = (Map<String, Object>) app.getAdditionalProperties().get("spec");
    Map<String, Object> source = (Map<String, Object>) spec.get("source");
    Map<String, Object> sync = (Map<String, Object>) spec.get("syncPolicy");

    assertThat(app.getApiVersion()).isEqualTo("argoproj.io/v1alpha1");
    assertThat(app.getKind()).isEqualTo("Application");
    assertThat(ApiServer.repoRoot().resolve((String) source.get("path")))
        .isEqualTo(HelmChart.operator().path());
    assertThat((List<String>) sync.get("syncOptions")).contains("ServerSideApply=true");
    // The chart accepts the values the Application passes.
    Map<String, Object> values =
        (Map<String, Object>) ((Map<String, Object>) source.get("helm")).get("valuesObject");
    assertThat(
            HelmChart.operator()
                .templateWithValues("videogen", "videogen-system", Serialization.asYaml(values)))
        .contains("kind: Deployment");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> resource(String kind, long generation, String statusYaml) {
    Map<String, Object> status;
    try {
      status = YAML.readValue(statusYaml, Map.class); // flow-style YAML, not JSON
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Map<String, Object> resource = new java.util.HashMap<>();
    resource.put("apiVersion", "videogen.dev/v1alpha1");
    resource.put("kind", kind);
    resource.put(
        "metadata", Map.of("name", "sample", "namespace", "team-a", "generation", generation));
    if (!status.isEmpty()) { // "{}" stands for a resource the operator has not touched yet
      resource.put("status", status);
    }
    return resource;
  }

  /** Runs a health check as Argo CD does: {@code obj} set, the chunk's return value read. */
  private static Health run(String script, Map<String, Object> resource) {
    try {
      Globals globals = JsePlatform.standardGlobals();
      globals.set("obj", toLua(resource));
      LuaValue result = globals.load(Files.readString(DIR.resolve(script)), script).call();
      assertThat(result.istable()).as("%s returns a table", script).isTrue();
      return new Health(result.get("status").tojstring(), result.get("message").tojstring());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** JSON-like Java values as Lua values; numbers become floats, as Argo CD decodes JSON. */
  private static LuaValue toLua(Object value) {
    if (value == null) {
      return LuaValue.NIL;
    } else if (value instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable();
      map.forEach((k, v) -> table.set(String.valueOf(k), toLua(v)));
      return table;
    } else if (value instanceof List<?> list) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < list.size(); i++) {
        table.set(i + 1, toLua(list.get(i)));
      }
      return table;
    } else if (value instanceof Number number) {
      return LuaValue.valueOf(number.doubleValue());
    } else if (value instanceof Boolean bool) {
      return LuaValue.valueOf(bool);
    }
    return LuaValue.valueOf(value.toString());
  }
}
