package dev.videogen.worker.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.videogen.api.v1alpha1.status.CommonStatus;
import dev.videogen.worker.store.ArtifactStore;
import dev.videogen.worker.store.ArtifactStores;
import dev.videogen.worker.store.StoreSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The status of a locally run resource, written beside its outputs as {@code status.yaml}: the
 * resource's apiVersion, kind and name with the status the operator would write ({@code kubectl get
 * -o yaml} without the spec). A VideoJob's goes to {@code <output.location>/status.yaml}, a
 * TrainingRun's to {@code <checkpoint.location>/status.yaml}; each write replaces the file
 * atomically, so a reader always sees a whole one.
 */
public final class StatusFile {
  /** The key of the status file under the resource's location. */
  public static final String KEY = "status.yaml";

  static final ObjectMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private StatusFile() {}

  /** The status document's text. */
  static String text(HasMetadata resource, CommonStatus status) {
    ObjectNode doc = YAML.createObjectNode();
    doc.put("apiVersion", resource.getApiVersion());
    doc.put("kind", resource.getKind());
    ObjectNode metadata = doc.putObject("metadata");
    metadata.put("name", resource.getMetadata().getName());
    if (resource.getMetadata().getNamespace() != null) {
      metadata.put("namespace", resource.getMetadata().getNamespace());
    }
    doc.set("status", YAML.valueToTree(status));
    try {
      return YAML.writeValueAsString(doc);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a status document", e);
    }
  }

  /** Writes the status document to {@code location/status.yaml}; returns its URI. */
  static String write(
      String location, HasMetadata resource, CommonStatus status, StoreSettings stores)
      throws IOException {
    try (ArtifactStore store = ArtifactStores.open(location, stores)) {
      return store.put(KEY, text(resource, status).getBytes(StandardCharsets.UTF_8)).uri();
    }
  }

  /** The status section of the document at {@code location}, if there is one. */
  public static <T extends CommonStatus> Optional<T> read(
      String location, Class<T> type, StoreSettings stores) throws IOException {
    try (ArtifactStore store = ArtifactStores.open(location, stores)) {
      if (!store.exists(KEY)) {
        return Optional.empty();
      }
      try (InputStream in = store.open(KEY)) {
        return Optional.of(YAML.treeToValue(YAML.readTree(in).get("status"), type));
      }
    }
  }
}
