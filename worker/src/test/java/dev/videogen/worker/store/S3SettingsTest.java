package dev.videogen.worker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
  @Test
  void defaultsWithoutEnvironment() {
    S3Settings s = S3Settings.fromEnvironment(Map.of());

    assertThat(s.endpoint()).isNull();
    assertThat(s.region()).isNull();
    assertThat(s.pathStyle()).isFalse();
    assertThat(s.multipartThreshold()).isEqualTo(8 * S3Settings.MIB);
    assertThat(s.partSize()).isEqualTo(8 * S3Settings.MIB);
  }

  @Test
  void readsTheEnvironment() {
    S3Settings s =
        S3Settings.fromEnvironment(
            Map.of(
                "VIDEOGEN_S3_ENDPOINT", "http://minio.storage:9000",
                "VIDEOGEN_S3_PATH_STYLE", "true",
                "VIDEOGEN_S3_MULTIPART_THRESHOLD", "64Mi",
                "VIDEOGEN_S3_PART_SIZE", "16MiB"));

    assertThat(s.endpoint()).isEqualTo(URI.create("http://minio.storage:9000"));
    assertThat(s.region()).isEqualTo("us-east-1"); // a custom endpoint still needs one to sign
    assertThat(s.pathStyle()).isTrue();
    assertThat(s.multipartThreshold()).isEqualTo(64 * S3Settings.MIB);
    assertThat(s.partSize()).isEqualTo(16 * S3Settings.MIB);
    assertThat(S3Settings.fromEnvironment(Map.of("AWS_REGION", "eu-west-3")).region())
        .isEqualTo("eu-west-3");
  }

  @Test
  void rejectsBadValuesNamingTheVariable() {
    assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("VIDEOGEN_S3_PART_SIZE", "1Mi")))
        .hasMessageContaining("VIDEOGEN_S3_PART_SIZE")
        .hasMessageContaining("5 MiB");
    assertThatThrownBy(
            () -> S3Settings.fromEnvironment(Map.of("VIDEOGEN_S3_MULTIPART_THRESHOLD", "8 MB")))
        .hasMessageContaining("VIDEOGEN_S3_MULTIPART_THRESHOLD='8 MB'")
        .hasMessageContaining("e.g. 8Mi");
    assertThatThrownBy(
            () -> S3Settings.fromEnvironment(Map.of("VIDEOGEN_S3_PATH_STYLE", "yes please")))
        .hasMessageContaining("expected true or false");
    assertThatThrownBy(
            () -> S3Settings.fromEnvironment(Map.of("VIDEOGEN_S3_ENDPOINT", "minio:9000")))
        .hasMessageContaining("expected http(s)://host[:port]");
    assertThatThrownBy(
            () ->
                S3Settings.fromEnvironment(
                    Map.of("VIDEOGEN_S3_ENDPOINT", "http://key:s3cr3t@minio:9000")))
        .hasMessageContaining("must not carry credentials")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void partSizeGrowsSoThatTenThousandPartsSuffice() {
    assertThat(S3MultipartUpload.partSize(100 * S3Settings.MIB, 8 * S3Settings.MIB))
        .isEqualTo(8 * S3Settings.MIB);
    long huge = 200L * 1024 * S3Settings.MIB; // 200 GiB
    long part = S3MultipartUpload.partSize(huge, 8 * S3Settings.MIB);
    assertThat(part % S3Settings.MIB).isZero();
    assertThat((huge + part - 1) / part).isLessThanOrEqualTo(S3Settings.MAX_PARTS);
  }

  @Test
  void thePvcRootComesFromTheEnvironment() {
    assertThat(StoreSettings.fromEnvironment(Map.of()).pvcRoot())
        .isEqualTo(Path.of("/var/run/videogen/pvc"));
    assertThat(StoreSettings.fromEnvironment(Map.of("VIDEOGEN_PVC_ROOT", "/mnt/claims")).pvcRoot())
        .isEqualTo(Path.of("/mnt/claims"));
    assertThatThrownBy(() -> StoreSettings.fromEnvironment(Map.of("VIDEOGEN_PVC_ROOT", "claims")))
        .hasMessageContaining("must be an absolute path");
  }
}
