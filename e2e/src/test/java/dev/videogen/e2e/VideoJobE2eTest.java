package dev.videogen.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.api.v1alpha1.status.Phase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl apply -f videojob.yaml} on a cluster: the operator (with the chart's permissions
 * only) plans the job, runs the real worker in an Indexed Job's pod, and the video lands in the
 * PersistentVolumeClaim with its checksum, progress and conditions in the status.
 */
class VideoJobE2eTest {
  private static final String NS = "studio";
  private static E2eCluster e2e;
  private static KubernetesClient client;
  private static Path claim;
  private static String checkpoint;

  @BeforeAll
  static void start() throws IOException {
    e2e = E2eCluster.start("videojob");
    client = e2e.client;
    claim = e2e.namespaceWithClaim(NS, "outputs");
    // A tiny model trained here, stored in the claim as a TrainingRun would leave it.
    Path checkpoints = claim.resolve("models/tiny");
    E2eCluster.worker(
        Path.of("target", "train-checkpoint.log").toAbsolutePath(),
        "train",
        "--depth",
        "2",
        "--width",
        "32",
        "--heads",
        "2",
        "--steps",
        "20",
        "--batch",
        "4",
        "--checkpoints",
        checkpoints.toString());
    try (Stream<Path> steps = Files.list(checkpoints)) {
      String step =
          steps
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("step-"))
              .max(String::compareTo)
              .orElseThrow();
      checkpoint = "pvc://outputs/models/tiny/" + step;
    }
  }

  @AfterAll
  static void stop() {
    if (e2e != null) {
      e2e.close();
    }
  }

  static String videoJob(String name, String checkpointUri) {
    return """
        apiVersion: videogen.dev/v1alpha1
        kind: VideoJob
        metadata:
          name: %s
          namespace: %s
        spec:
          model:
            checkpoint: %s
          prompt: a red circle moves left
          output:
            width: 32
            height: 32
            durationSeconds: 1
            fps: 8
            format: mp4
            location: pvc://outputs/videos/%s
          sampling:
            steps: 4
            guidanceScale: 2
            seed: 7
          backoffLimitPerShard: 2
          worker:
            nodeSelector:
              videogen.dev/executor: local
        """
        .formatted(name, NS, checkpointUri, name);
  }

  private static VideoJob apply(String yaml) {
    try (InputStream in = new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
      VideoJob job = client.resources(VideoJob.class).load(in).item();
      return client.resource(job).create();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void videoJobRendersIntoTheClaimAndReportsItsArtifact() throws Exception {
    VideoJob created = apply(videoJob("red", checkpoint));

    // What a user runs: kubectl wait returns once the Succeeded condition is True.
    e2e.kubectl("wait", "-n", NS, "--for=condition=Succeeded", "videojob/red", "--timeout=240s");

    VideoJob done = client.resources(VideoJob.class).inNamespace(NS).withName("red").get();
    assertThat(done.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(done.getStatus().getProgress().getPercent()).isEqualTo(100);
    assertThat(done.getStatus().getShards().getSucceeded()).isEqualTo(1);
    assertThat(done.getStatus().getCheckpoint()).isEqualTo(checkpoint);
    var artifact = done.getStatus().getArtifacts().get(0);
    assertThat(artifact.getUri()).isEqualTo("pvc://outputs/videos/red/video.mp4");
    Path video = claim.resolve("videos/red/video.mp4");
    assertThat(artifact.getSha256()).isEqualTo(sha256(video));
    assertThat(artifact.getBytes()).isEqualTo(Files.size(video));
    assertThat(artifact.getFrames()).isEqualTo(8);
    assertThat(artifact.getWidth()).isEqualTo(32);
    // The operator never writes spec: GitOps tools see no drift.
    assertThat(done.getMetadata().getGeneration()).isEqualTo(created.getMetadata().getGeneration());

    String table = e2e.kubectl("get", "vj", "-n", NS, "red");
    assertThat(table).contains("PHASE").contains("PROGRESS%").contains("Succeeded").contains("100");
    assertThat(
            e2e.kubectl("get", "events", "-n", NS, "--field-selector", "involvedObject.name=red"))
        .contains("StageStarted")
        .contains("Succeeded");
  }

  @Test
  void aLongVideoIsRenderedAsKeyframesThenParallelFillsThenAStitch() throws Exception {
    apply(
        videoJob("long", checkpoint)
            .replace("durationSeconds: 1", "durationSeconds: 4")
            .replace(
                "  backoffLimitPerShard: 2",
                "  backoffLimitPerShard: 2\n  sharding:\n    strategy: KeyframesThenFill\n"
                    + "    segmentSeconds: 1\n    maxParallel: 2"));

    e2e.kubectl("wait", "-n", NS, "--for=condition=Succeeded", "videojob/long", "--timeout=480s");

    VideoJob done = client.resources(VideoJob.class).inNamespace(NS).withName("long").get();
    assertThat(done.getStatus().getPlan().getStrategy()).isEqualTo("KeyframesThenFill");
    assertThat(done.getStatus().getPlan().getStages()).isGreaterThanOrEqualTo(3);
    assertThat(done.getStatus().getShards().getSucceeded())
        .isEqualTo(done.getStatus().getPlan().getShards());
    // One Indexed Job per stage, the fills at most two pods at a time.
    var jobs =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(NS)
            .withLabel("videogen.dev/videojob", "long")
            .list()
            .getItems();
    assertThat(jobs).hasSize(done.getStatus().getPlan().getStages());
    assertThat(jobs)
        .allSatisfy(j -> assertThat(j.getSpec().getParallelism()).isLessThanOrEqualTo(2));
    var artifact = done.getStatus().getArtifacts().get(0);
    assertThat(artifact.getFrames()).isEqualTo(32);
    assertThat(artifact.getSha256()).isEqualTo(sha256(claim.resolve("videos/long/video.mp4")));
  }

  @Test
  void aShardWhosePodFailsOnceIsRetriedAloneAndTheJobSucceeds() throws Exception {
    // Pods seen per stage Job and completion index; the first running pod of index 1 is deleted
    // (SIGTERM, exit 143: a failure the Job counts, unlike a disruption), which fails it once.
    Map<String, Set<String>> pods = new ConcurrentHashMap<>();
    AtomicReference<String> killed = new AtomicReference<>();
    ResourceEventHandler<Pod> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            onUpdate(null, pod);
          }

          @Override
          public void onUpdate(Pod old, Pod pod) {
            var meta = pod.getMetadata();
            String index = meta.getAnnotations().get("batch.kubernetes.io/job-completion-index");
            String key = meta.getLabels().get("batch.kubernetes.io/job-name") + "#" + index;
            pods.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(meta.getUid());
            if ("1".equals(index)
                && "Running".equals(pod.getStatus().getPhase())
                && killed.compareAndSet(null, key)) {
              CompletableFuture.runAsync(() -> client.pods().resource(pod).delete());
            }
          }

          @Override
          public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {}
        };
    try (var informer =
        client.pods().inNamespace(NS).withLabel("videogen.dev/videojob", "flaky").inform(handler)) {
      apply(
          videoJob("flaky", checkpoint)
              .replace("durationSeconds: 1", "durationSeconds: 3")
              .replace(
                  "  backoffLimitPerShard: 2",
                  "  backoffLimitPerShard: 2\n  sharding:\n    strategy: KeyframesThenFill\n"
                      + "    segmentSeconds: 1\n    maxParallel: 2"));
      e2e.kubectl(
          "wait", "-n", NS, "--for=condition=Succeeded", "videojob/flaky", "--timeout=480s");
    }

    VideoJob done = client.resources(VideoJob.class).inNamespace(NS).withName("flaky").get();
    assertThat(killed.get()).as("a running pod of index 1 was deleted").isNotNull();
    assertThat(done.getStatus().getShards().getSucceeded())
        .isEqualTo(done.getStatus().getPlan().getShards());
    // Only the failed index got a second pod; every other index ran once.
    assertThat(pods.get(killed.get())).hasSize(2);
    pods.forEach(
        (key, uids) -> {
          if (!key.equals(killed.get())) {
            assertThat(uids).as(key).hasSize(1);
          }
        });
    assertThat(pods).hasSize(done.getStatus().getPlan().getShards());
  }

  @Test
  void aShardThatCanNeverSucceedFailsTheJobAtOnceWithTheWorkersReason() {
    apply(videoJob("missing-model", "pvc://outputs/models/none/step-00000001"));

    VideoJob failed =
        client
            .resources(VideoJob.class)
            .inNamespace(NS)
            .withName("missing-model")
            .waitUntilCondition(
                vj -> vj.getStatus() != null && vj.getStatus().getPhase() == Phase.Failed,
                240,
                TimeUnit.SECONDS);
    var shard = failed.getStatus().getFailedShards().get(0);
    // Exit code 2 fails the index without retries, though backoffLimitPerShard allows two.
    assertThat(shard.getAttempts()).isEqualTo(1);
    assertThat(shard.getMessage()).contains("pvc://outputs/models/none/step-00000001");
    assertThat(failed.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Failed");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    assertThat(claim.resolve("videos/missing-model/video.mp4")).doesNotExist();
  }

  @Test
  void invalidSpecIsRejectedWithAConditionAndAWarning() {
    apply(
        videoJob("local-path", checkpoint)
            .replace("pvc://outputs/videos/local-path", "file:///tmp/x"));
    VideoJob failed =
        client
            .resources(VideoJob.class)
            .inNamespace(NS)
            .withName("local-path")
            .waitUntilCondition(
                vj -> vj.getStatus() != null && vj.getStatus().getPhase() == Phase.Failed,
                60,
                TimeUnit.SECONDS);
    assertThat(failed.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getReason()).isEqualTo("InvalidSpec");
              assertThat(c.getMessage()).contains("file:// URIs are for local runs");
            });
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withLabel("videogen.dev/videojob", "local-path")
                .list()
                .getItems())
        .isEmpty();
    assertThat(
            e2e.kubectl(
                "get", "events", "-n", NS, "--field-selector", "involvedObject.name=local-path"))
        .contains("Warning");
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
