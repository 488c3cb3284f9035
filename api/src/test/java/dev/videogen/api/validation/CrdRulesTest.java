package dev.videogen.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.VideoJob;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each invariant a user can get wrong is rejected by the generated CRD schema with a message that
 * says what to fix; valid variants pass.
 */
class CrdRulesTest {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final SchemaValidator VIDEO_JOB = SchemaValidator.forResource(VideoJob.class);
  private static final SchemaValidator TRAINING_RUN =
      SchemaValidator.forResource(TrainingRun.class);

  private static final String VIDEO_JOB_YAML =
      """
      apiVersion: videogen.dev/v1alpha1
      kind: VideoJob
      metadata: {name: v}
      spec:
        model: {trainingRunRef: {name: tiny}}
        prompt: a red circle moves left
        output: {width: 64, height: 48, durationSeconds: 4, fps: 8, location: "s3://bucket/out"}
      """;

  private static final String TRAINING_RUN_YAML =
      """
      apiVersion: videogen.dev/v1alpha1
      kind: TrainingRun
      metadata: {name: t}
      spec:
        dataset: {synthetic: {seed: 1}}
        training: {steps: 100}
        checkpoint: {location: "pvc://models/tiny"}
      """;

  @Test
  void minimalResourcesAreValidAndGetTheirDefaults() throws IOException {
    ObjectNode job = parse(VIDEO_JOB_YAML);
    assertThat(VIDEO_JOB.validate(job)).isEmpty();
    assertThat(job.at("/spec/task").asText()).isEqualTo("TextToVideo");

    ObjectNode run = parse(TRAINING_RUN_YAML);
    assertThat(TRAINING_RUN.validate(run)).isEmpty();
    assertThat(run.at("/spec/stage").asText()).isEqualTo("Diffusion");
  }

  @Test
  void modelNeedsExactlyOneSource() throws IOException {
    String message = "set exactly one of trainingRunRef";
    assertThat(videoJob(s -> s.withObjectProperty("model").put("checkpoint", "s3://bucket/ckpt")))
        .anySatisfy(v -> assertThat(v.toString()).startsWith("spec.model: ").contains(message));
    assertThat(videoJob(s -> s.withObjectProperty("model").remove("trainingRunRef")))
        .anySatisfy(v -> assertThat(v.toString()).contains(message));
  }

  @Test
  void eachTaskNeedsItsInputs() throws IOException {
    assertThat(videoJob(s -> s.put("task", "ImageToVideo")))
        .anySatisfy(v -> assertThat(v.toString()).contains("task ImageToVideo needs inputs.image"));
    assertThat(videoJob(s -> s.put("task", "Extend")))
        .anySatisfy(v -> assertThat(v.toString()).contains("Extend and Edit need inputs.video"));
    assertThat(videoJob(s -> s.put("task", "Edit")))
        .anySatisfy(v -> assertThat(v.toString()).contains("Extend and Edit need inputs.video"));
    assertThat(
            videoJob(
                s -> {
                  s.put("task", "Connect");
                  s.withObjectProperty("inputs").putArray("videos").add("s3://bucket/a.mp4");
                }))
        .anySatisfy(v -> assertThat(v.toString()).contains("exactly two URIs"));
    assertThat(videoJob(s -> s.remove("prompt")))
        .anySatisfy(v -> assertThat(v.toString()).contains("need a prompt"));

    assertThat(
            videoJob(
                s -> {
                  s.put("task", "Connect");
                  s.withObjectProperty("inputs")
                      .putArray("videos")
                      .add("s3://bucket/a.mp4")
                      .add("pvc://c/b.mp4");
                }))
        .isEmpty();
    assertThat(
            videoJob(
                s -> {
                  s.put("task", "Extend");
                  s.withObjectProperty("inputs").put("video", "s3://bucket/a.mp4");
                  s.withObjectProperty("extend").put("direction", "Backward").put("loop", true);
                }))
        .isEmpty();
  }

  @Test
  void taskSettingsOnlyWithTheirTask() throws IOException {
    assertThat(videoJob(s -> s.withObjectProperty("extend").put("direction", "Forward")))
        .anySatisfy(v -> assertThat(v.toString()).contains("extend applies only to task Extend"));
    assertThat(videoJob(s -> s.withObjectProperty("edit").put("strength", 0.5)))
        .anySatisfy(v -> assertThat(v.toString()).contains("edit applies only to task Edit"));
    assertThat(
            videoJob(
                s -> {
                  s.put("task", "Image");
                  s.withObjectProperty("output").put("format", "mp4");
                }))
        .anySatisfy(v -> assertThat(v.toString()).contains("task Image writes a png"));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -0.1, 1.01})
  void editStrengthOutsideZeroToOneIsRejected(double strength) throws IOException {
    List<Violation> violations =
        videoJob(
            s -> {
              s.put("task", "Edit");
              s.withObjectProperty("inputs").put("video", "s3://bucket/in.mp4");
              s.withObjectProperty("edit").put("strength", strength);
            });
    assertThat(violations)
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("spec.edit.strength"));
  }

  @Test
  void editStrengthOfOneIsAllowed() throws IOException {
    assertThat(
            videoJob(
                s -> {
                  s.put("task", "Edit");
                  s.withObjectProperty("inputs").put("video", "s3://bucket/in.mp4");
                  s.withObjectProperty("edit").put("strength", 1);
                }))
        .isEmpty();
  }

  @Test
  void sizesAreMultiplesOf16AndBounded() throws IOException {
    assertThat(videoJob(s -> s.withObjectProperty("output").put("width", 100)))
        .singleElement()
        .hasToString(
            "spec.output.width: Invalid value: 100: must be a multiple of 16"
                + " (the model works on 16x16 pixel patches)");
    assertThat(videoJob(s -> s.withObjectProperty("output").put("height", 0)))
        .anySatisfy(v -> assertThat(v.toString()).contains("greater than or equal to 16"));
    assertThat(videoJob(s -> s.withObjectProperty("output").put("durationSeconds", 601)))
        .anySatisfy(v -> assertThat(v.toString()).contains("less than or equal to 600"));
    assertThat(videoJob(s -> s.withObjectProperty("output").put("durationSeconds", 0)))
        .anySatisfy(v -> assertThat(v.toString()).contains("should be greater than 0"));
    assertThat(videoJob(s -> s.withObjectProperty("output").put("fps", 61)))
        .anySatisfy(v -> assertThat(v.field()).isEqualTo("spec.output.fps"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.com/out",
        "s3://bucket/../escape",
        "pvc://claim/a/../../b",
        "file://relative/path",
        "s3://",
        "/tmp/out"
      })
  void artifactUrisNeedAnAllowedSchemeAndStayInTheirRoot(String uri) throws IOException {
    assertThat(videoJob(s -> s.withObjectProperty("output").put("location", uri)))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.output.location");
              assertThat(v.detail()).contains("must be an artifact URI");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3://my-bucket/videos/a", "pvc://outputs/x/y.mp4", "file:///tmp/out"})
  void allowedArtifactUrisPass(String uri) throws IOException {
    assertThat(videoJob(s -> s.withObjectProperty("output").put("location", uri))).isEmpty();
  }

  @Test
  void typosAndUnknownValuesAreReported() throws IOException {
    assertThat(videoJob(s -> s.put("promt", "typo")))
        .singleElement()
        .hasToString("unknown field \"spec.promt\"");
    assertThat(videoJob(s -> s.put("task", "TextToMovie")))
        .singleElement()
        .satisfies(v -> assertThat(v.detail()).startsWith("Unsupported value: \"TextToMovie\""));
    assertThat(videoJob(s -> s.withObjectProperty("output").remove("location")))
        .singleElement()
        .hasToString("spec.output.location: Required value");
  }

  @Test
  void aWrongTypeStopsTheRulesAsTheApiServerDoes() throws IOException {
    assertThat(videoJob(s -> s.withObjectProperty("output").put("width", "wide")))
        .extracting(Violation::toString)
        .containsExactly(
            "spec.output.width: Invalid value: \"wide\": spec.output.width in body must be of type"
                + " integer: \"string\"",
            "some validation rules were not checked because the object was invalid; correct the"
                + " existing errors to complete validation");
  }

  @Test
  void trainingRunInvariants() throws IOException {
    assertThat(trainingRun(s -> s.withObjectProperty("dataset").put("uri", "s3://bucket/clips")))
        .anySatisfy(v -> assertThat(v.toString()).contains("exactly one of synthetic"));
    assertThat(trainingRun(s -> s.withObjectProperty("training").put("warmupSteps", 101)))
        .anySatisfy(v -> assertThat(v.toString()).contains("warmupSteps must not exceed steps"));
    assertThat(trainingRun(s -> s.withObjectProperty("model").put("width", 100).put("heads", 3)))
        .anySatisfy(v -> assertThat(v.toString()).contains("width must be divisible by heads"));
    assertThat(
            trainingRun(
                s -> {
                  s.put("stage", "Autoencoder");
                  s.withObjectProperty("autoencoder").put("checkpoint", "s3://bucket/vae");
                }))
        .anySatisfy(v -> assertThat(v.toString()).contains("autoencoder applies only"));
    assertThat(
            trainingRun(
                s -> s.withObjectProperty("dataset").putObject("latentCache").put("clips", 64)))
        .singleElement()
        .satisfies(v -> assertThat(v.toString()).contains("latentCache caches an autoencoder's"));
    assertThat(
            trainingRun(
                s -> {
                  s.withObjectProperty("dataset").putObject("latentCache").put("clips", 64);
                  s.withObjectProperty("autoencoder").put("checkpoint", "s3://bucket/vae");
                }))
        .isEmpty();
    assertThat(
            trainingRun(
                s -> {
                  s.withObjectProperty("dataset").putObject("latentCache").put("clips", 0);
                  s.withObjectProperty("autoencoder").put("checkpoint", "s3://bucket/vae");
                }))
        .singleElement()
        .satisfies(v -> assertThat(v.toString()).contains("spec.dataset.latentCache.clips"));
    assertThat(trainingRun(s -> s.withObjectProperty("model").put("latentChannels", 16)))
        .singleElement()
        .satisfies(v -> assertThat(v.toString()).contains("latentChannels applies only"));
    assertThat(
            trainingRun(
                s -> {
                  s.put("stage", "Autoencoder");
                  s.withObjectProperty("model").put("depth", 4).put("latentChannels", 16);
                }))
        .singleElement()
        .satisfies(v -> assertThat(v.toString()).contains("stage Autoencoder takes model.preset"));
    assertThat(
            trainingRun(
                s -> {
                  s.put("stage", "Autoencoder");
                  s.withObjectProperty("model").put("width", 64).put("latentChannels", 16);
                }))
        .isEmpty();
    assertThat(trainingRun(s -> s.put("workers", 2)))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.toString())
                    .startsWith("spec.workers: ")
                    .contains("multi-node training is not supported")
                    .contains("nvidia.com/gpu"));
    assertThat(trainingRun(s -> s.put("workers", 1))).isEmpty();
    assertThat(trainingRun(s -> s.remove("training")))
        .singleElement()
        .hasToString("spec.training: Required value");
  }

  private static List<Violation> videoJob(Consumer<ObjectNode> edit) throws IOException {
    ObjectNode resource = parse(VIDEO_JOB_YAML);
    edit.accept((ObjectNode) resource.get("spec"));
    return VIDEO_JOB.validate(resource);
  }

  private static List<Violation> trainingRun(Consumer<ObjectNode> edit) throws IOException {
    ObjectNode resource = parse(TRAINING_RUN_YAML);
    edit.accept((ObjectNode) resource.get("spec"));
    return TRAINING_RUN.validate(resource);
  }

  private static ObjectNode parse(String yaml) throws IOException {
    return (ObjectNode) YAML.readTree(yaml);
  }
}
