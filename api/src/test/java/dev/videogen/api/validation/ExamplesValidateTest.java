package dev.videogen.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.VideoJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every resource in examples/ is valid against the generated CRD schema and its CEL rules. */
class ExamplesValidateTest {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final Map<String, SchemaValidator> BY_KIND =
      Map.of(
          "VideoJob", SchemaValidator.forResource(VideoJob.class),
          "TrainingRun", SchemaValidator.forResource(TrainingRun.class));

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("../examples"))) {
      List<Path> yaml =
          files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList();
      assertThat(yaml).as("examples/ holds YAML files").isNotEmpty();
      return yaml.stream().sorted();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleIsValid(Path file) throws IOException {
    List<ObjectNode> resources = videogenResources(file);
    for (ObjectNode resource : resources) {
      SchemaValidator validator = BY_KIND.get(resource.path("kind").asText());
      assertThat(validator.validate(resource))
          .as("%s %s in %s", resource.path("kind").asText(), resource.at("/metadata/name"), file)
          .isEmpty();
    }
  }

  @org.junit.jupiter.api.Test
  void examplesCoverBothKinds() throws IOException {
    List<String> kinds = new ArrayList<>();
    for (Path file : examples().toList()) {
      videogenResources(file).forEach(r -> kinds.add(r.path("kind").asText()));
    }
    assertThat(kinds).contains("VideoJob", "TrainingRun");
  }

  /** The VideoJobs and TrainingRuns of a multi-document YAML file. */
  static List<ObjectNode> videogenResources(Path file) throws IOException {
    List<ObjectNode> out = new ArrayList<>();
    try (JsonParser parser = new YAMLFactory().createParser(file.toFile())) {
      for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
        if (doc instanceof ObjectNode o && BY_KIND.containsKey(o.path("kind").asText())) {
          out.add(o);
        }
      }
    }
    return out;
  }
}
