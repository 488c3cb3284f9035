package dev.videogen.operator.videojob;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.videogen.api.plan.Plan;
import dev.videogen.api.plan.RenderShard;
import dev.videogen.api.plan.ShardPlanner;
import dev.videogen.api.plan.Stage;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.api.validation.ResourceDocuments;
import dev.videogen.testing.ApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every VideoJob of examples/ passes what the operator checks after the API server: the semantic
 * validation, the plan, and the task document of every stage. A VideoJob that passes the CRD but
 * fails here would be accepted by kubectl and then fail with InvalidSpec.
 */
class ExamplesPlanTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  static List<Named<VideoJob>> clusterExamples() throws IOException {
    List<Named<VideoJob>> jobs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ApiServer.repoRoot().resolve("examples"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        if (file.getFileName().toString().startsWith("quickstart")) {
          continue; // file:// locations: for the local runner, which the operator rejects
        }
        for (ObjectNode doc : ResourceDocuments.read(file)) {
          if (ResourceDocuments.isVideogen(doc) && "VideoJob".equals(doc.path("kind").asText())) {
            VideoJob job = YAML.convertValue(doc, VideoJob.class);
            jobs.add(Named.of(job.getMetadata().getName(), job));
          }
        }
      }
    }
    assertThat(jobs).hasSizeGreaterThan(10);
    return jobs;
  }

  @ParameterizedTest
  @MethodSource("clusterExamples")
  void theOperatorAcceptsAndPlansIt(VideoJob job) {
    String name = job.getMetadata().getName();
    assertThat(VideoJobValidator.validate(job.getSpec())).as(name).isEmpty();
    Plan plan = ShardPlanner.plan(job.getSpec());
    assertThat(plan.stages()).as(name).isNotEmpty();
    assertThat(StageRunner.checkDocuments(job, plan, "pvc://videogen-models/tiny/step-00002000"))
        .as(name)
        .isEmpty();
  }

  /** What the comment of videojob-long-sharded.yaml says its plan is. */
  @Test
  void theOneMinuteExampleIsSeventeenKeyframesThenSixteenFillsEightAtATime() throws IOException {
    VideoJob job =
        clusterExamples().stream()
            .map(Named::getPayload)
            .filter(j -> j.getMetadata().getName().equals("red-circle-minute"))
            .findFirst()
            .orElseThrow();
    Plan plan = ShardPlanner.plan(job.getSpec());
    assertThat(plan.stages())
        .extracting(Stage::name)
        .containsExactly("keyframes", "fill", "stitch");
    assertThat(((RenderShard) plan.stages().get(0).shards().get(0)).frames().size()).isEqualTo(17);
    assertThat(plan.stages().get(1).shards()).hasSize(16);
    assertThat(plan.stages().get(1).parallelism()).isEqualTo(8);
  }
}
