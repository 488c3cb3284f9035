package dev.videogen.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed CRDs (top level and Helm chart) are exactly what the api classes generate. */
class CrdsUpToDateTest {
  static final String REFRESH =
      "Refresh them with: ./mvnw -pl api -Pupdate-crds process-test-classes"
          + " (see docs/development.md)";

  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");

  @ParameterizedTest
  @ValueSource(strings = {"../crds", "../helm/videogen-operator/crds"})
  void committedCrdsMatchTheGeneratedOnes(String dir) throws IOException {
    Path committed = Path.of(dir);
    List<String> generated = names(GENERATED);
    assertThat(generated).as("generated CRDs").isNotEmpty();
    assertThat(names(committed))
        .as("CRD files in %s differ from the generated set %s. %s", dir, generated, REFRESH)
        .containsExactlyElementsOf(generated);
    for (String name : generated) {
      assertThat(Files.readString(committed.resolve(name)))
          .as("%s/%s is out of date with the classes in api/. %s", dir, name, REFRESH)
          .isEqualTo(Files.readString(GENERATED.resolve(name)));
    }
  }

  private static List<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
