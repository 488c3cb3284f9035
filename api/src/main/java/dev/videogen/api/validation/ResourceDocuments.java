package dev.videogen.api.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.VideoJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads videogen resources from multi-document YAML files, as {@code kubectl apply -f} would. */
public final class ResourceDocuments {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final Map<String, Class<? extends io.fabric8.kubernetes.api.model.HasMetadata>>
      KINDS = Map.of("VideoJob", VideoJob.class, "TrainingRun", TrainingRun.class);

  private ResourceDocuments() {}

  /** Every document of the file that is an object, in order (other kinds included). */
  public static List<ObjectNode> read(Path file) throws IOException {
    List<ObjectNode> out = new ArrayList<>();
    try (JsonParser parser = new YAMLFactory().createParser(file.toFile())) {
      for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
        if (doc instanceof ObjectNode o) {
          out.add(o);
        }
      }
    }
    return out;
  }

  /** True for the kinds of videogen.dev. */
  public static boolean isVideogen(ObjectNode document) {
    return KINDS.containsKey(document.path("kind").asText())
        && document.path("apiVersion").asText().startsWith(VideoJob.GROUP + "/");
  }

  /** The validator for a videogen document's kind, if it is one. */
  public static Optional<SchemaValidator> validatorFor(ObjectNode document) {
    if (!isVideogen(document)) {
      return Optional.empty();
    }
    return Optional.of(Validators.INSTANCE.get(document.path("kind").asText()));
  }

  /** Validators are built once: compiling every CEL rule is not free. */
  private static final class Validators {
    static final Map<String, SchemaValidator> INSTANCE =
        Map.of(
            "VideoJob", SchemaValidator.forResource(VideoJob.class),
            "TrainingRun", SchemaValidator.forResource(TrainingRun.class));
  }
}
