package dev.videogen.worker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactKeyTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "video.mp4",
        "shard-0003/result.json",
        "step-00000100/model.ndlist",
        "_SUCCESS",
        "a/b/c/d.e.f",
        "k=v,x+y@z"
      })
  void acceptsRelativePlainKeys(String key) {
    assertThat(ArtifactKey.check(key)).isEqualTo(key);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "../x             | '..' segment, which would escape its root",
        "a/../../x        | '..' segment",
        "a/./x            | '.' segment",
        "/etc/passwd      | is absolute: keys are relative to the store's root (write 'etc/passwd')",
        "a//b             | empty segment",
        "a/               | empty segment",
        "%2e%2e/x         | never percent-encoded",
        ".hidden          | invalid segment '.hidden'",
        "a/b c            | invalid segment 'b c'",
        "a\\b             | invalid segment",
      })
  void rejectsKeysThatCouldEscapeOrHide(String key, String message) {
    assertThatThrownBy(() -> ArtifactKey.check(key))
        .isInstanceOf(InvalidArtifactUriException.class)
        .hasMessageContaining(message);
  }

  @Test
  void prefixesMayBeTheRootOrEndWithASlash() {
    assertThat(ArtifactKey.checkPrefix("")).isEmpty();
    assertThat(ArtifactKey.checkPrefix("a/b/")).isEqualTo("a/b");
    assertThat(ArtifactKey.join("", "x")).isEqualTo("x");
    assertThat(ArtifactKey.join("a/b/", "x")).isEqualTo("a/b/x");
    assertThatThrownBy(() -> ArtifactKey.check("")).hasMessageContaining("empty key");
    assertThatThrownBy(() -> ArtifactKey.check("a".repeat(901))).hasMessageContaining("limit");
  }
}
