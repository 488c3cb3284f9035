package dev.videogen.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.api.v1alpha1.spec.WorkerSpec;
import dev.videogen.api.v1alpha1.status.Phase;
import dev.videogen.testing.ApiServer;
import dev.videogen.testing.NodeAgent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The install's first steps as docs/install.md gives them: the TrainingRun of {@code
 * examples/trainingrun-synthetic.yaml}, then the VideoJob of {@code
 * examples/videojob-text-to-video.yaml} rendering with its model, on the chart's CRDs and identity
 * with the packaged operator. They change only in what this cluster's one CPU node needs: fewer
 * training and sampling steps, no GPU, that node. Both run to completion and keep the generation
 * they were created with: the operator never writes spec, so GitOps tools see no drift.
 *
 * <p>That every example passes {@code kubectl apply --dry-run=server} is {@code CrdApiServerTest}'s
 * (operator module): a dry run involves the API server only, with the same CRDs.
 */
class ExamplesE2eTest {
  private static final String NS = "team-a";
  private static E2eCluster e2e;
  private static KubernetesClient client;
  private static Path outputs;

  @BeforeAll
  static void start() {
    e2e = E2eCluster.start("examples");
    client = e2e.client;
    // The claims the examples name (examples/videojob-pvc-output.yaml), bound to local directories.
    e2e.namespaceWithClaim(NS, "videogen-models");
    e2e.cluster.createBoundClaim(NS, "videogen-outputs");
    outputs = e2e.agent.claimDir(NS, "videogen-outputs");
  }

  @AfterAll
  static void stop() {
    if (e2e != null) {
      e2e.close();
    }
  }

  @Test
  void theFirstExamplesRunToCompletionWithoutSpecWrites() throws Exception {
    TrainingRun run = example("trainingrun-synthetic.yaml", TrainingRun.class);
    run.getSpec().getTraining().setSteps(20L);
    run.getSpec().getTraining().setWarmupSteps(5L);
    run.getSpec().getTraining().setBatchSize(2);
    run.getSpec().getCheckpoint().setEverySteps(10L);
    onTheExecutingNode(run.getSpec().getWorker());
    TrainingRun createdRun = client.resource(run).inNamespace(NS).create();

    TrainingRun trained =
        client
            .resources(TrainingRun.class)
            .inNamespace(NS)
            .withName("tiny-synthetic")
            .waitUntilCondition(
                r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded,
                300,
                TimeUnit.SECONDS);
    assertThat(trained.getStatus().getLatestCheckpoint().getUri())
        .isEqualTo("pvc://videogen-models/tiny-synthetic/step-00000020");

    VideoJob job = example("videojob-text-to-video.yaml", VideoJob.class);
    job.getSpec().getSampling().setSteps(4);
    job.getSpec().getWorker().setResources(null); // the example asks for a GPU
    onTheExecutingNode(job.getSpec().getWorker());
    VideoJob createdJob = client.resource(job).inNamespace(NS).create();

    e2e.kubectl(
        "wait", "-n", NS, "--for=condition=Succeeded", "videojob/red-circle", "--timeout=300s");
    VideoJob rendered =
        client.resources(VideoJob.class).inNamespace(NS).withName("red-circle").get();
    assertThat(rendered.getStatus().getCheckpoint())
        .isEqualTo(trained.getStatus().getLatestCheckpoint().getUri());
    var artifact = rendered.getStatus().getArtifacts().get(0);
    assertThat(artifact.getUri()).isEqualTo("pvc://videogen-outputs/red-circle/video.mp4");
    Path video = outputs.resolve("red-circle/video.mp4");
    assertThat(artifact.getSha256()).isEqualTo(VideoJobE2eTest.sha256(video));
    assertThat(artifact.getFrames()).isEqualTo(32); // 4 s at 8 fps, as the example asks
    assertThat(artifact.getWidth()).isEqualTo(64);

    // Spec untouched: the generation each was created with, observed by the operator.
    TrainingRun finalRun =
        client.resources(TrainingRun.class).inNamespace(NS).withName("tiny-synthetic").get();
    assertUnchanged(createdRun, finalRun, finalRun.getStatus().getObservedGeneration());
    assertUnchanged(createdJob, rendered, rendered.getStatus().getObservedGeneration());
  }

  private static void assertUnchanged(HasMetadata created, HasMetadata now, Long observed) {
    assertThat(now.getMetadata().getGeneration())
        .as("generation of %s", created.getMetadata().getName())
        .isEqualTo(created.getMetadata().getGeneration());
    assertThat(observed)
        .as("observedGeneration of %s", created.getMetadata().getName())
        .isEqualTo(created.getMetadata().getGeneration());
  }

  /** The one node that runs pods here (the example names none, or GPU nodes). */
  private static void onTheExecutingNode(WorkerSpec worker) {
    worker.setNodeSelector(Map.of(NodeAgent.EXECUTOR_LABEL, NodeAgent.EXECUTOR_VALUE));
  }

  private static <T extends HasMetadata> T example(String file, Class<T> type) throws IOException {
    try (InputStream in =
        Files.newInputStream(ApiServer.repoRoot().resolve("examples").resolve(file))) {
      T resource = client.resources(type).load(in).item();
      assertThat(resource.getMetadata().getNamespace()).as("%s names no namespace", file).isNull();
      return resource;
    }
  }
}
