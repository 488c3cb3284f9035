package dev.videogen.worker.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodIdentityTest {
  @Test
  void readsTheServiceAccountAndTheDownwardApi(@TempDir Path sa) throws Exception {
    Files.writeString(sa.resolve("token"), "secret-token\n");
    Files.writeString(sa.resolve("ca.crt"), "not checked here");
    Files.writeString(sa.resolve("namespace"), "ml\n");
    Map<String, String> env =
        Map.of(
            "KUBERNETES_SERVICE_HOST", "10.96.0.1",
            "KUBERNETES_SERVICE_PORT", "443",
            "POD_NAME", "tiny-run-train-x7k2p");
    StringBuilder why = new StringBuilder();
    PodIdentity pod = PodIdentity.detect(env, sa, why).orElseThrow();
    assertThat(pod.podUri())
        .hasToString("https://10.96.0.1:443/api/v1/namespaces/ml/pods/tiny-run-train-x7k2p");
    assertThat(pod.token()).isEqualTo("secret-token");
    assertThat(pod.toString()).doesNotContain("secret-token");

    PodIdentity v6 =
        PodIdentity.detect(
                Map.of(
                    "KUBERNETES_SERVICE_HOST", "fd00::1",
                    "KUBERNETES_SERVICE_PORT", "6443",
                    "POD_NAME", "p",
                    "POD_NAMESPACE", "other"),
                sa,
                why)
            .orElseThrow();
    assertThat(v6.podUri()).hasToString("https://[fd00::1]:6443/api/v1/namespaces/other/pods/p");
  }

  @Test
  void saysWhyThereIsNoPod(@TempDir Path sa) throws Exception {
    StringBuilder why = new StringBuilder();
    assertThat(PodIdentity.detect(Map.of(), sa, why)).isEmpty();
    assertThat(why.toString()).contains("KUBERNETES_SERVICE_HOST is not set");

    why.setLength(0);
    assertThat(PodIdentity.detect(Map.of("KUBERNETES_SERVICE_HOST", "h"), sa, why)).isEmpty();
    assertThat(why.toString()).contains("POD_NAME is not set");

    why.setLength(0);
    assertThat(PodIdentity.detect(Map.of("KUBERNETES_SERVICE_HOST", "h", "POD_NAME", "p"), sa, why))
        .isEmpty();
    assertThat(why.toString()).contains("no service account token at " + sa);
  }
}
