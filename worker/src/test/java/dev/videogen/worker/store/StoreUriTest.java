package dev.videogen.worker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.worker.store.StoreUri.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoreUriTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "s3://videos/runs/job-1/ | S3   | videos        | runs/job-1 | s3://videos/runs/job-1",
        "s3://my.bucket-01       | S3   | my.bucket-01  | ''         | s3://my.bucket-01",
        "pvc://data/ckpt         | PVC  | data          | ckpt       | pvc://data/ckpt",
        "pvc://training-data     | PVC  | training-data | ''         | pvc://training-data",
        "file:///tmp/out%20dir/  | FILE | ''            | tmp/out dir | file:///tmp/out%20dir",
        "file:///                | FILE | ''            | ''         | file://",
      })
  void parsesAllowedUris(String uri, Scheme scheme, String authority, String path, String shown) {
    StoreUri parsed = StoreUri.parse(uri);

    assertThat(parsed.scheme()).isEqualTo(scheme);
    assertThat(parsed.authority()).isEqualTo(authority);
    assertThat(parsed.path()).isEqualTo(path);
    assertThat(parsed.toString()).isEqualTo(shown);
  }

  @Test
  void childUrisKeepTheRootAsWritten() {
    assertThat(StoreUri.parse("s3://b-1/p/q/").child("a/b.mp4")).isEqualTo("s3://b-1/p/q/a/b.mp4");
    assertThat(StoreUri.parse("s3://b-1").child("a")).isEqualTo("s3://b-1/a");
    assertThat(StoreUri.parse("file:///").child("tmp/a")).isEqualTo("file:///tmp/a");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "s3://bucket/a/../b         | '..' segment would escape the root",
        "s3://bucket/..             | '..' segment would escape the root",
        "pvc://data/./x             | '.' segment",
        "file:///tmp/../etc         | '..' segment would escape the root",
        "s3://bucket/a/%2e%2e/b     | percent-encoded '.'",
        "file:///tmp/%2E%2E/etc     | percent-encoded '.'",
        "pvc://data/a%2Fb           | percent-encoded",
        "s3://bucket/a//b           | empty segment",
        "s3:///prefix               | no bucket: write s3://bucket/prefix",
        "s3://                      | no bucket",
        "s3://Bucket/x              | 'Bucket' is not a valid S3 bucket name",
        "s3://ab/x                  | 'ab' is not a valid S3 bucket name: 3 to 63",
        "s3://my_bucket/x           | not a valid S3 bucket name",
        "s3://a..b/x                | no '..'",
        "s3://192.168.1.1/x         | IP address",
        "s3://xn--bucket/x          | reserved prefix",
        "s3://bucket:9000/x         | not a valid S3 bucket name",
        "pvc:///x                   | no claim: write pvc://claim/path",
        "pvc://Data/x               | not a PersistentVolumeClaim name",
        "file://host/tmp            | a file URI has no host",
        "file:/tmp/x                | write file:///absolute/path",
        "http://example.com/x       | unsupported scheme 'http': allowed are s3://, pvc://, file://",
        "gs://bucket/x              | unsupported scheme 'gs'",
        "S3://bucket/x              | write the scheme in lower case: s3://bucket/prefix",
        "bucket/key                 | not a URI: expected one of s3://bucket/prefix, pvc://claim/path, file:///absolute/path",
        "s3://bucket/x?versionId=1  | query",
        "s3://bucket/x#y            | fragment",
        "s3://bucket/a\\b           | '\\'",
      })
  void rejectsWithAMessageThatSaysWhy(String uri, String message) {
    assertThatThrownBy(() -> StoreUri.parse(uri))
        .isInstanceOf(InvalidArtifactUriException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsEmptyAndOverlongUris() {
    assertThatThrownBy(() -> StoreUri.parse(" ")).hasMessageContaining("empty artifact URI");
    assertThatThrownBy(() -> StoreUri.parse("s3://bucket/" + "a".repeat(1020)))
        .hasMessageContaining("longer than 1024");
  }

  @Test
  void credentialsInTheUriAreRejectedWithoutBeingEchoed() {
    assertThatThrownBy(() -> StoreUri.parse("s3://AKIAEXAMPLE:s3cr3t-value@bucket/x"))
        .isInstanceOf(InvalidArtifactUriException.class)
        .hasMessageContaining("s3://***@bucket/x")
        .hasMessageContaining("AWS_SECRET_ACCESS_KEY")
        .hasMessageNotContaining("s3cr3t-value")
        .hasMessageNotContaining("AKIAEXAMPLE");
    assertThatThrownBy(() -> StoreUri.parse("gs://user:s3cr3t-value@bucket/x"))
        .hasMessageNotContaining("s3cr3t-value");
  }
}
