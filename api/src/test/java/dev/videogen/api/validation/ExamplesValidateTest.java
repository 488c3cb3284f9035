package dev.videogen.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every resource in examples/ is valid against the generated CRD schema and its CEL rules. */
class ExamplesValidateTest {
  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("../examples"))) {
      List<Path> yaml =
          files
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .toList();
      assertThat(yaml).as("examples/ holds YAML files").isNotEmpty();
      return yaml.stream().sorted();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleIsValid(Path file) throws IOException {
    for (ObjectNode resource : ResourceDocuments.read(file)) {
      ResourceDocuments.validatorFor(resource)
          .ifPresent(
              validator ->
                  assertThat(validator.validate(resource))
                      .as("%s %s in %s", resource.path("kind"), resource.at("/metadata/name"), file)
                      .isEmpty());
    }
  }

  @Test
  void examplesCoverBothKinds() throws IOException {
    List<String> kinds = new ArrayList<>();
    for (Path file : examples().toList()) {
      ResourceDocuments.read(file).stream()
          .filter(ResourceDocuments::isVideogen)
          .forEach(r -> kinds.add(r.path("kind").asText()));
    }
    assertThat(kinds).contains("VideoJob", "TrainingRun");
  }
}
