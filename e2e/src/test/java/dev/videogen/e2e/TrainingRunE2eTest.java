package dev.videogen.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.videogen.api.task.TaskJson;
import dev.videogen.api.task.TaskResult;
import dev.videogen.api.task.TrainTask;
import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.api.v1alpha1.status.Phase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A TrainingRun on a cluster: the training pod reports step and loss into the status while it runs,
 * loses nothing but the current step when its pod is deleted (the replacement resumes from the
 * checkpoint and ends with the loss of an uninterrupted run), stops and resumes with {@code
 * spec.suspend}, and its latest checkpoint renders a VideoJob.
 */
class TrainingRunE2eTest {
  private static final String NS = "lab";
  private static final String LABEL = "videogen.dev/trainingrun";
  private static E2eCluster e2e;
  private static KubernetesClient client;
  private static Path claim;

  @BeforeAll
  static void start() {
    e2e = E2eCluster.start("trainingrun");
    client = e2e.client;
    claim = e2e.namespaceWithClaim(NS, "models");
  }

  @AfterAll
  static void stop() {
    if (e2e != null) {
      e2e.close();
    }
  }

  static String trainingRun(String name, long steps, boolean suspend) {
    return """
        apiVersion: videogen.dev/v1alpha1
        kind: TrainingRun
        metadata:
          name: %s
          namespace: %s
        spec:
          model: {preset: tiny, depth: 2, width: 32, heads: 2}
          dataset:
            synthetic: {seed: 1, fps: 8, maxSize: 32}
          training: {steps: %d, batchSize: 2, learningRate: 0.001, warmupSteps: 10, seed: 3}
          checkpoint: {location: "pvc://models/runs/%s", everySteps: 25, keep: 2}
          suspend: %s
          worker:
            nodeSelector: {videogen.dev/executor: local}
            env:
              - {name: VIDEOGEN_PROGRESS_SECONDS, value: "0"}
        """
        .formatted(name, NS, steps, name, suspend);
  }

  private static void createVideoJob(String yaml) {
    VideoJob job =
        client
            .resources(VideoJob.class)
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
            .item();
    client.resource(job).create();
  }

  private static TrainingRun create(String yaml) {
    TrainingRun run =
        client
            .resources(TrainingRun.class)
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
            .item();
    return client.resource(run).create();
  }

  private static TrainingRun await(String name, java.util.function.Predicate<TrainingRun> done) {
    return client
        .resources(TrainingRun.class)
        .inNamespace(NS)
        .withName(name)
        .waitUntilCondition(
            r -> r != null && r.getStatus() != null && done.test(r), 300, TimeUnit.SECONDS);
  }

  private static List<Pod> runningPods(String name) {
    return client.pods().inNamespace(NS).withLabel(LABEL, name).list().getItems().stream()
        .filter(p -> "Running".equals(p.getStatus().getPhase()))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  @Test
  void aDeletedPodResumesFromItsCheckpointAndEndsWhereAnUninterruptedRunEnds() throws Exception {
    create(trainingRun("resume", 300, false));

    // Progress arrives while the pod runs, through the pod's annotation.
    TrainingRun running =
        await("resume", r -> r.getStatus().getStep() != null && r.getStatus().getStep() >= 60);
    assertThat(running.getStatus().getPhase()).isEqualTo(Phase.Running);
    assertThat(running.getStatus().getTotalSteps()).isEqualTo(300L);
    assertThat(running.getStatus().getLoss()).isNotNull();
    assertThat(running.getStatus().getLatestCheckpoint()).isNotNull();

    // A node drain or a user deletes the training pod mid-run.
    Pod first = runningPods("resume").get(0);
    client.resource(first).delete();

    TrainingRun done = await("resume", r -> r.getStatus().getPhase() == Phase.Succeeded);
    assertThat(done.getStatus().getStep()).isEqualTo(300L);
    assertThat(done.getStatus().getLatestCheckpoint().getStep()).isEqualTo(300L);
    assertThat(done.getStatus().getLatestCheckpoint().getUri())
        .isEqualTo("pvc://models/runs/resume/step-00000300");
    assertThat(done.getStatus().getCheckpoints()).hasSizeLessThanOrEqualTo(10);
    // The replacement really resumed from the first pod's checkpoint.
    assertThat(client.pods().inNamespace(NS).withLabel(LABEL, "resume").list().getItems())
        .noneMatch(p -> p.getMetadata().getUid().equals(first.getMetadata().getUid()));
    assertThat(e2e.agentLogs(NS, "resume"))
        .contains("resuming from pvc://models/runs/resume/step-");

    // The same task, uninterrupted, on this machine: every random draw depends on (seed, step)
    // only, so the last step's loss matches.
    String task =
        TaskJson.write(
            TrainTask.of(
                "resume",
                client
                    .resources(TrainingRun.class)
                    .inNamespace(NS)
                    .withName("resume")
                    .get()
                    .getSpec(),
                null));
    Path local = claim.getParent().resolve("uninterrupted");
    Files.createDirectories(local);
    Path taskFile = local.resolve("task.json");
    Files.writeString(
        taskFile,
        task.replace("pvc://models/runs/resume", "file://" + local.resolve("checkpoints")));
    Path result = local.resolve("result.json");
    E2eCluster.worker(
        Path.of("target", "uninterrupted.log").toAbsolutePath(),
        java.util.Map.of("VIDEOGEN_PROGRESS_SECONDS", "0"), // as the pods: the last step's loss
        "task",
        "--termination-log",
        result.toString(),
        taskFile.toString());
    TaskResult uninterrupted = TaskJson.readResult(Files.readString(result));
    assertThat(uninterrupted.training().step()).isEqualTo(300);
    assertThat(done.getStatus().getLoss())
        .isCloseTo(
            uninterrupted.training().loss(), within(1e-5 + 1e-5 * uninterrupted.training().loss()));

    // The model renders: a VideoJob takes the run's latest checkpoint.
    createVideoJob(
        """
        apiVersion: videogen.dev/v1alpha1
        kind: VideoJob
        metadata: {name: from-run, namespace: lab}
        spec:
          model: {trainingRunRef: {name: resume}}
          prompt: a red circle moves left
          output: {width: 32, height: 32, durationSeconds: 1, fps: 8,
                   location: "pvc://models/videos/from-run"}
          sampling: {steps: 4}
          worker:
            nodeSelector: {videogen.dev/executor: local}
        """);
    e2e.kubectl(
        "wait", "-n", NS, "--for=condition=Succeeded", "videojob/from-run", "--timeout=240s");
    VideoJob rendered = client.resources(VideoJob.class).inNamespace(NS).withName("from-run").get();
    assertThat(rendered.getStatus().getCheckpoint())
        .isEqualTo("pvc://models/runs/resume/step-00000300");
    assertThat(claim.resolve("videos/from-run/video.mp4")).exists();
  }

  @Test
  void aSuspendedRunHasNoRunningPodAndResumesFromItsCheckpoint() {
    create(trainingRun("pausable", 400, false));
    await("pausable", r -> r.getStatus().getStep() != null && r.getStatus().getStep() >= 50);

    setSuspend("pausable", true);
    TrainingRun suspended =
        await(
            "pausable",
            r -> r.getStatus().getPhase() == Phase.Suspended && runningPods("pausable").isEmpty());
    long stoppedAt = suspended.getStatus().getLatestCheckpoint().getStep();
    assertThat(stoppedAt).isGreaterThanOrEqualTo(50);
    assertThat(runningPods("pausable")).isEmpty();

    setSuspend("pausable", false);
    TrainingRun done = await("pausable", r -> r.getStatus().getPhase() == Phase.Succeeded);
    assertThat(done.getStatus().getStep()).isEqualTo(400L);
    // The second pod started from the checkpoint: its log says so.
    assertThat(e2e.agentLogs(NS, "pausable"))
        .contains("resuming from pvc://models/runs/pausable/step-");
  }

  @Test
  void aLatentRunWaitsForItsAutoencoderThenTrainsOnItAndRenders() {
    // The diffusion run comes first and names an autoencoder run that does not exist yet.
    create(
        """
        apiVersion: videogen.dev/v1alpha1
        kind: TrainingRun
        metadata: {name: latent, namespace: lab}
        spec:
          model: {depth: 1, width: 32, heads: 2, patchSize: {t: 1, h: 1, w: 1}}
          autoencoder: {trainingRunRef: {name: vae}}
          dataset: {synthetic: {seed: 1, fps: 8, maxSize: 16}}
          training: {steps: 6, batchSize: 2, warmupSteps: 1}
          checkpoint: {location: "pvc://models/runs/latent"}
          worker:
            nodeSelector: {videogen.dev/executor: local}
        """);
    TrainingRun waiting =
        await(
            "latent",
            r ->
                r.getStatus().getConditions().stream()
                    .anyMatch(c -> "WaitingForAutoencoder".equals(c.getReason())));
    assertThat(waiting.getStatus().getPhase()).isEqualTo(Phase.Pending);
    assertThat(client.batch().v1().jobs().inNamespace(NS).withName("latent-train").get()).isNull();

    create(
        """
        apiVersion: videogen.dev/v1alpha1
        kind: TrainingRun
        metadata: {name: vae, namespace: lab}
        spec:
          stage: Autoencoder
          model: {width: 8, latentChannels: 4}
          dataset: {synthetic: {seed: 1, fps: 8, maxSize: 16}}
          training: {steps: 4, batchSize: 2, warmupSteps: 1}
          checkpoint: {location: "pvc://models/runs/vae"}
          worker:
            nodeSelector: {videogen.dev/executor: local}
        """);
    TrainingRun latent = await("latent", r -> r.getStatus().getPhase() == Phase.Succeeded);
    assertThat(latent.getStatus().getStep()).isEqualTo(6L);
    TrainTask task =
        (TrainTask)
            TaskJson.readTask(
                client
                    .configMaps()
                    .inNamespace(NS)
                    .withName("latent-train")
                    .get()
                    .getData()
                    .get("task.json"));
    assertThat(task.autoencoderCheckpoint()).isEqualTo("pvc://models/runs/vae/step-00000004");
    assertThat(claim.resolve("runs/latent/step-00000006/autoencoder.ndlist")).exists();

    createVideoJob(
        """
        apiVersion: videogen.dev/v1alpha1
        kind: VideoJob
        metadata: {name: from-latent, namespace: lab}
        spec:
          model: {trainingRunRef: {name: latent}}
          prompt: a red circle moves left
          output: {width: 16, height: 16, durationSeconds: 1, fps: 8,
                   location: "pvc://models/videos/from-latent"}
          sampling: {steps: 2}
          worker:
            nodeSelector: {videogen.dev/executor: local}
        """);
    e2e.kubectl(
        "wait", "-n", NS, "--for=condition=Succeeded", "videojob/from-latent", "--timeout=240s");
    assertThat(claim.resolve("videos/from-latent/video.mp4")).exists();
  }

  /**
   * What {@code kubectl patch --type merge -p '{"spec":{"suspend":…}}'} does: a merge patch of the
   * one field, without the resource version, so the operator's status writes cannot make it
   * conflict (an edit of the whole object raced them: 409 Conflict).
   */
  private void setSuspend(String name, boolean suspend) {
    client
        .resources(TrainingRun.class)
        .inNamespace(NS)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":" + suspend + "}}");
  }
}
