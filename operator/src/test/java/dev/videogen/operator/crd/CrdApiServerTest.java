package dev.videogen.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.api.v1alpha1.VideoJobStatus;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import dev.videogen.api.v1alpha1.status.Phase;
import dev.videogen.api.validation.ResourceDocuments;
import dev.videogen.api.validation.SchemaValidator;
import dev.videogen.api.validation.Violation;
import dev.videogen.testing.ApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed CRDs on a real kube-apiserver: resources round-trip, the status subresource keeps
 * spec and status apart, the CEL rules reject bad input with their messages, and the offline {@link
 * SchemaValidator} agrees with the API server.
 */
class CrdApiServerTest {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final String NS = "default";
  private static ApiServer api;
  private static KubernetesClient client;

  @BeforeAll
  static void startApiServer() {
    api = ApiServer.startWithCrds();
    client = api.client();
  }

  @AfterAll
  static void stopApiServer() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void exampleVideoJobIsCreatedAndReadBackWithDefaults() throws IOException {
    VideoJob job = loadExample("videojob-text-to-video.yaml", VideoJob.class);
    job.getSpec().setTask(null); // the schema's default fills it in
    client.resource(job).inNamespace(NS).create();

    VideoJob read = client.resources(VideoJob.class).inNamespace(NS).withName("red-circle").get();
    assertThat(read.getSpec().getTask()).isEqualTo(VideoTask.TextToVideo);
    assertThat(read.getSpec().getPrompt()).isEqualTo("a red circle moves left");
    assertThat(read.getSpec().getOutput().getWidth()).isEqualTo(64);
    assertThat(read.getSpec().getWorker().getTolerations()).hasSize(1);
    assertThat(read.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void statusIsASubresourceThatLeavesSpecAndGenerationAlone() throws IOException {
    VideoJob job = loadExample("videojob-text-to-video.yaml", VideoJob.class);
    job.getMetadata().setName("status-check");
    VideoJob created = client.resource(job).inNamespace(NS).create();

    VideoJobStatus status = new VideoJobStatus();
    status.setPhase(Phase.Running);
    status.setObservedGeneration(created.getMetadata().getGeneration());
    created.setStatus(status);
    created.getSpec().setPrompt("changed through the status endpoint");
    client.resource(created).inNamespace(NS).updateStatus();

    VideoJob read = client.resources(VideoJob.class).inNamespace(NS).withName("status-check").get();
    assertThat(read.getStatus().getPhase()).isEqualTo(Phase.Running);
    assertThat(read.getSpec().getPrompt()).isEqualTo("a red circle moves left");
    assertThat(read.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void celRuleRejectsImageToVideoWithoutAnImage() {
    assertThatThrownBy(() -> create(videoJob("no-image", s -> s.put("task", "ImageToVideo"))))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(
            "spec: Invalid value: task ImageToVideo needs inputs.image: the URI of"
                + " the image to animate");
  }

  static List<Path> examples() throws IOException {
    Set<Path> patches = kustomizePatches();
    try (Stream<Path> files = Files.walk(ApiServer.repoRoot().resolve("examples"))) {
      return files
          .filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> !patches.contains(p.normalize()))
          .sorted()
          .toList();
    }
  }

  /** Files that kustomizations under examples/ name as patches: parts of objects, not objects. */
  private static Set<Path> kustomizePatches() throws IOException {
    Set<Path> patches = new HashSet<>();
    try (Stream<Path> files = Files.walk(ApiServer.repoRoot().resolve("examples"))) {
      for (Path k : files.filter(p -> p.endsWith("kustomization.yaml")).toList()) {
        YAML.readTree(k.toFile())
            .path("patches")
            .forEach(
                patch -> {
                  if (patch.has("path")) {
                    patches.add(k.resolveSibling(patch.path("path").asText()).normalize());
                  }
                });
      }
    }
    return patches;
  }

  /**
   * API groups of examples that need someone else's CRDs (Kueue, Argo CD) or are not Kubernetes
   * objects at all (kustomization.yaml): not served here, so not dry-run. Every other document is.
   */
  static final Set<String> NOT_SERVED_HERE =
      Set.of("kueue.x-k8s.io", "argoproj.io", "kustomize.config.k8s.io");

  /**
   * Every resource in examples/ passes a server-side dry run, as {@code kubectl apply --server-side
   * --dry-run=server} runs it: the videogen resources against the CRDs, and the Secrets, claims and
   * manifests beside them (kustomize base included) against the built-in types. Strict field
   * validation, as kubectl's default: an unknown field is an error.
   */
  @ParameterizedTest
  @MethodSource("examples")
  void examplesPassServerSideDryRun(Path file) throws IOException {
    // Its own namespace for documents that name none: other tests here create the examples' names
    // for real.
    String defaultNs = "dry-run";
    for (ObjectNode document : ResourceDocuments.read(file)) {
      if (!isChecked(document)) {
        continue;
      }
      GenericKubernetesResource generic =
          YAML.convertValue(document, GenericKubernetesResource.class);
      String ns =
          generic.getMetadata().getNamespace() != null
              ? generic.getMetadata().getNamespace()
              : defaultNs;
      namespace(ns);
      GenericKubernetesResource result =
          client
              .resource(generic)
              .inNamespace(ns)
              .dryRun()
              .fieldValidation(FieldValidateable.Validation.STRICT)
              .fieldManager("kubectl")
              .forceConflicts()
              .serverSideApply();
      assertThat(result.getMetadata().getUid())
          .as("dry-run of %s %s in %s", generic.getKind(), generic.getMetadata().getName(), file)
          .isNotNull();
    }
    assertThat(
            client
                .genericKubernetesResources("videogen.dev/v1alpha1", "TrainingRun")
                .inNamespace(NS)
                .list()
                .getItems())
        .as("a dry run stores nothing")
        .isEmpty();
    assertThat(client.secrets().inNamespace(defaultNs).list().getItems())
        .as("a dry run stores nothing")
        .isEmpty();
  }

  /** The examples hold Secrets and claims next to the videogen resources, and they are checked. */
  @Test
  void examplesDryRunOtherKindsToo() throws IOException {
    Set<String> kinds = new TreeSet<>();
    for (Path file : examples()) {
      ResourceDocuments.read(file).stream()
          .filter(CrdApiServerTest::isChecked)
          .forEach(d -> kinds.add(d.path("kind").asText()));
    }
    assertThat(kinds)
        .contains("VideoJob", "TrainingRun", "Secret", "PersistentVolumeClaim", "Deployment");
  }

  /** Whether a document's API group is served here (core {@code v1} has the empty group). */
  private static boolean isChecked(ObjectNode document) {
    String apiVersion = document.path("apiVersion").asText();
    int slash = apiVersion.indexOf('/');
    return !NOT_SERVED_HERE.contains(slash < 0 ? "" : apiVersion.substring(0, slash));
  }

  private static void namespace(String name) {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .createOr(NonDeletingOperation::update);
  }

  /** Each case is rejected by both, and the API server's message contains the offline one. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "model-both",
        "connect-one",
        "width-100",
        "strength-0",
        "location-http",
        "dot-dot",
        "typo"
      })
  void offlineValidationAgreesWithTheApiServer(String variant) throws IOException {
    ObjectNode resource = videoJob("parity-" + variant, invalidVariant(variant));
    List<Violation> offline =
        ResourceDocuments.validatorFor(resource).orElseThrow().validate(resource.deepCopy());
    assertThat(offline).as("offline violations of %s", variant).isNotEmpty();

    assertThatThrownBy(() -> create(resource))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(
            e -> {
              String message = e.getMessage();
              for (Violation v : offline) {
                assertThat(message).as("API server message for %s", variant).contains(v.detail());
              }
            });
  }

  private static Consumer<ObjectNode> invalidVariant(String variant) {
    return switch (variant) {
      case "model-both" -> s -> s.withObjectProperty("model").put("checkpoint", "s3://bucket/ckpt");
      case "connect-one" ->
          s -> {
            s.put("task", "Connect");
            s.withObjectProperty("inputs").putArray("videos").add("s3://bucket/a.mp4");
          };
      case "width-100" -> s -> s.withObjectProperty("output").put("width", 100);
      case "strength-0" ->
          s -> {
            s.put("task", "Edit");
            s.withObjectProperty("inputs").put("video", "s3://bucket/in.mp4");
            s.withObjectProperty("edit").put("strength", 0);
          };
      case "location-http" -> s -> s.withObjectProperty("output").put("location", "http://x/y");
      case "dot-dot" -> s -> s.withObjectProperty("output").put("location", "pvc://c/a/../../b");
      case "typo" -> s -> s.put("promt", "a typo");
      default -> throw new IllegalArgumentException(variant);
    };
  }

  private static void create(ObjectNode resource) {
    GenericKubernetesResource generic =
        YAML.convertValue(resource, GenericKubernetesResource.class);
    // Strict field validation, as kubectl apply does by default: unknown fields are errors.
    client
        .resource(generic)
        .inNamespace(NS)
        .fieldValidation(io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation.STRICT)
        .create();
  }

  private static ObjectNode videoJob(String name, Consumer<ObjectNode> edit) {
    ObjectNode resource = YAML.createObjectNode();
    resource.put("apiVersion", "videogen.dev/v1alpha1").put("kind", "VideoJob");
    resource.putObject("metadata").put("name", name);
    ObjectNode spec = resource.putObject("spec");
    spec.putObject("model").putObject("trainingRunRef").put("name", "tiny");
    spec.put("prompt", "a red circle moves left");
    spec.putObject("output").put("width", 64).put("height", 64).put("location", "s3://bucket/out");
    edit.accept(spec);
    return resource;
  }

  private static <T> T loadExample(String file, Class<T> type) throws IOException {
    Path path = ApiServer.repoRoot().resolve("examples").resolve(file);
    return YAML.convertValue(ResourceDocuments.read(path).get(0), type);
  }
}
