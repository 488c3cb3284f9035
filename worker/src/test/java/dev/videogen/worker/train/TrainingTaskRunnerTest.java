package dev.videogen.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.videogen.api.task.CheckpointReference;
import dev.videogen.api.task.CheckpointSettings;
import dev.videogen.api.task.TaskOutcome;
import dev.videogen.api.task.TaskResult;
import dev.videogen.api.task.TrainDataset;
import dev.videogen.api.task.TrainModel;
import dev.videogen.api.task.TrainTask;
import dev.videogen.api.task.TrainingProgress;
import dev.videogen.api.task.TrainingSettings;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import dev.videogen.worker.progress.ProgressReporter;
import dev.videogen.worker.store.S3Settings;
import dev.videogen.worker.store.S3TestServer;
import dev.videogen.worker.store.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train tasks in-process on a very small model: checkpoints, resume, stop, fine-tuning, errors. */
class TrainingTaskRunnerTest {
  static final TrainModel MODEL = new TrainModel(null, 1, 48, 4, null, null, null);
  static final TrainDataset DATA = TrainDataset.synthetic(3L, 16, 2);

  @TempDir Path dir;
  final List<String> log = new ArrayList<>();

  static TrainTask task(String location, long steps, long every, int keep) {
    return new TrainTask(
        "tiny",
        MODEL,
        TrainingStage.Diffusion,
        null,
        DATA,
        new TrainingSettings(steps, 2, 2e-3, 2L, null, null, null, 5L),
        new CheckpointSettings(location, every, keep),
        null);
  }

  TrainingTaskRunner runner(StoreSettings stores) {
    return new TrainingTaskRunner(
        new TrainingTaskRunner.Options(
            stores, dir.resolve("scratch"), List.of(Device.cpu()), Duration.ZERO, log::add));
  }

  TrainingTaskRunner runner() {
    return runner(new StoreSettings(dir.resolve("pvc"), S3Settings.fromEnvironment(Map.of())));
  }

  /** Step → loss, from reports made after every step. */
  static final class Losses implements ProgressReporter {
    final TreeMap<Long, Double> byStep = new TreeMap<>();
    final List<TrainingProgress> reports = new ArrayList<>();

    @Override
    public void report(TrainingProgress p) {
      reports.add(p);
      if (p.loss() != null && p.step() > 0) {
        byStep.put(p.step(), p.loss());
      }
    }
  }

  static List<String> steps(Path location) throws Exception {
    try (Stream<Path> list = Files.list(location)) {
      return list.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("step-"))
          .sorted()
          .toList();
    }
  }

  @Test
  void trainsWritesCheckpointsKeepsTheNewestAndReportsThem() throws Exception {
    Path location = dir.resolve("run");
    Losses progress = new Losses();
    TaskResult result =
        runner().run(task(location.toUri().toString(), 12, 5, 2), progress, () -> false);

    assertThat(result.outcome())
        .as(String.valueOf(result.error()))
        .isEqualTo(TaskOutcome.Succeeded);
    assertThat(TrainingTaskRunner.exitCode(result)).isZero();
    assertThat(result.training().step()).isEqualTo(12);
    assertThat(result.training().checkpoint())
        .isEqualTo(
            new CheckpointReference(
                location.toUri().toString().replaceAll("/$", "") + "/step-00000012", 12));
    assertThat(steps(location)).containsExactly("step-00000010", "step-00000012");
    assertThat(location.resolve("step-00000012/manifest.json")).isRegularFile();
    assertThat(progress.byStep.keySet()).hasSize(12);
    assertThat(progress.reports)
        .filteredOn(p -> p.checkpoint() != null)
        .extracting(p -> p.checkpoint().step())
        .startsWith(5L, 5L, 5L, 5L, 5L)
        .contains(10L)
        .endsWith(12L);
    assertThat(log)
        .anyMatch(l -> l.startsWith("deleted checkpoint") && l.endsWith("step-00000005"));
  }

  @Test
  void aStopSavesTheStepReachedAndTheNextRunContinuesExactly() throws Exception {
    Losses uninterrupted = new Losses();
    TaskResult whole =
        runner()
            .run(task(dir.resolve("a").toUri().toString(), 14, 5, 3), uninterrupted, () -> false);
    assertThat(whole.outcome()).isEqualTo(TaskOutcome.Succeeded);

    String location = dir.resolve("b").toUri().toString();
    Losses first = new Losses();
    TaskResult stopped = runStoppingAt(task(location, 14, 5, 3), 7, first);
    assertThat(stopped.outcome()).isEqualTo(TaskOutcome.Failed);
    assertThat(stopped.error().reason()).isEqualTo("Interrupted");
    assertThat(stopped.error().message())
        .startsWith("stopped on request at step 7 of 14 after writing checkpoint ")
        .contains("step-00000007");
    assertThat(TrainingTaskRunner.exitCode(stopped)).isEqualTo(143);
    assertThat(stopped.training().checkpoint().step()).isEqualTo(7);
    assertThat(steps(dir.resolve("b"))).containsExactly("step-00000005", "step-00000007");

    Losses second = new Losses();
    TaskResult rest = runner().run(task(location, 14, 5, 3), second, () -> false);
    assertThat(rest.outcome()).isEqualTo(TaskOutcome.Succeeded);
    assertThat(log)
        .contains("resuming from " + location.replaceAll("/$", "") + "/step-00000007 (step 7)");
    assertThat(second.byStep.firstKey()).isEqualTo(8);

    assertSameLosses(first, second, uninterrupted);
  }

  /** Runs {@code task}, asking it to stop once step {@code stopAt} is reported. */
  TaskResult runStoppingAt(TrainTask task, long stopAt, Losses into) {
    AtomicBoolean stop = new AtomicBoolean();
    ProgressReporter reporter =
        p -> {
          into.report(p);
          if (p.step() == stopAt) {
            stop.set(true);
          }
        };
    return runner().run(task, reporter, stop::get);
  }

  /** The losses of a stopped run and its resumption are the uninterrupted run's, step by step. */
  static void assertSameLosses(Losses first, Losses second, Losses uninterrupted) {
    TreeMap<Long, Double> joined = new TreeMap<>(first.byStep);
    joined.putAll(second.byStep);
    assertThat(joined.keySet()).isEqualTo(uninterrupted.byStep.keySet());
    joined.forEach(
        (step, loss) ->
            assertThat(loss)
                .as("loss of step %d", step)
                .isCloseTo(uninterrupted.byStep.get(step), within(1e-6)));
  }

  static TrainTask autoencoderTask(String location, long steps) {
    return new TrainTask(
        "vae",
        new TrainModel(null, null, 8, null, null, null, 4),
        TrainingStage.Autoencoder,
        null,
        DATA,
        new TrainingSettings(steps, 2, 2e-3, 2L, null, null, null, 5L),
        new CheckpointSettings(location, 3L, 3),
        null);
  }

  @Test
  void theAutoencoderStageTrainsCheckpointsAndResumesExactly() throws Exception {
    Losses uninterrupted = new Losses();
    TaskResult whole =
        runner()
            .run(
                autoencoderTask(dir.resolve("a").toUri().toString(), 6),
                uninterrupted,
                () -> false);
    assertThat(whole.outcome()).as(String.valueOf(whole.error())).isEqualTo(TaskOutcome.Succeeded);
    assertThat(log).anyMatch(l -> l.startsWith("training the autoencoder, "));
    Path last = dir.resolve("a/step-00000006");
    AutoencoderCheckpoint.State state = AutoencoderCheckpoint.state(last);
    assertThat(state.stage()).isEqualTo(TrainingStage.Autoencoder);
    assertThat(state.autoencoder()).isEqualTo(new dev.videogen.worker.vae.VaeConfig(3, 4, 8));
    assertThat(state.step()).isEqualTo(6);
    assertThat(uninterrupted.byStep.values()).allMatch(loss -> loss > 0 && Double.isFinite(loss));

    String location = dir.resolve("b").toUri().toString();
    Losses first = new Losses();
    TaskResult stopped = runStoppingAt(autoencoderTask(location, 6), 4, first);
    assertThat(stopped.error().reason()).isEqualTo("Interrupted");
    assertThat(steps(dir.resolve("b"))).containsExactly("step-00000003", "step-00000004");
    Losses second = new Losses();
    TaskResult rest = runner().run(autoencoderTask(location, 6), second, () -> false);
    assertThat(rest.outcome()).isEqualTo(TaskOutcome.Succeeded);
    assertThat(second.byStep.firstKey()).isEqualTo(5);
    assertSameLosses(first, second, uninterrupted);

    // The location holds an autoencoder: a diffusion run there is refused, not resumed.
    TaskResult diffusion =
        runner().run(task(location, 8, 4, 1), ProgressReporter.none(), () -> false);
    assertThat(diffusion.error().reason()).isEqualTo("InvalidTask");
    assertThat(diffusion.error().message())
        .contains("a checkpoint of stage Autoencoder, but the task trains stage Diffusion");
  }

  @Test
  void aCorruptNewestCheckpointIsSkipped() throws Exception {
    Path location = dir.resolve("run");
    String uri = location.toUri().toString();
    assertThat(runner().run(task(uri, 10, 5, 3), ProgressReporter.none(), () -> false).outcome())
        .isEqualTo(TaskOutcome.Succeeded);
    Files.write(location.resolve("step-00000010/model.ndlist"), new byte[] {1, 2, 3});

    TaskResult again = runner().run(task(uri, 12, 5, 3), ProgressReporter.none(), () -> false);
    assertThat(again.outcome()).isEqualTo(TaskOutcome.Succeeded);
    assertThat(log)
        .anyMatch(l -> l.startsWith("skipping checkpoint ") && l.contains("step-00000010"));
    assertThat(log).anyMatch(l -> l.endsWith("step-00000005 (step 5)"));
    assertThat(again.training().step()).isEqualTo(12);
  }

  @Test
  void resumeFromFineTunesWithAFreshOptimiserAndIsIgnoredOnceTheRunHasCheckpoints()
      throws Exception {
    String base = dir.resolve("base").toUri().toString();
    runner().run(task(base, 6, 6, 1), ProgressReporter.none(), () -> false);
    String source = base.replaceAll("/$", "") + "/step-00000006";

    String location = dir.resolve("tuned").toUri().toString();
    TrainTask tune =
        new TrainTask(
            "tuned",
            null, // the checkpoint's architecture
            null,
            null,
            DATA,
            new TrainingSettings(4, 2, 1e-3, 1L, null, null, null, 9L),
            new CheckpointSettings(location, 2L, 5),
            source);
    Losses progress = new Losses();
    TaskResult result = runner().run(tune, progress, () -> false);
    assertThat(result.outcome())
        .as(String.valueOf(result.error()))
        .isEqualTo(TaskOutcome.Succeeded);
    assertThat(log).anyMatch(l -> l.startsWith("fine-tuning " + source));
    assertThat(progress.reports.get(0).step()).as("fine-tuning starts at step 0").isZero();
    assertThat(steps(dir.resolve("tuned"))).containsExactly("step-00000002", "step-00000004");
    try (Trainer tuned = Checkpoint.resume(dir.resolve("tuned/step-00000002"), null)) {
      assertThat(tuned.optimizer().steps()).as("AdamW's own step count").isEqualTo(2);
      assertThat(tuned.config().depth()).isEqualTo(1);
    }

    log.clear();
    TrainTask longer =
        new TrainTask(
            "tuned",
            null,
            null,
            null,
            DATA,
            new TrainingSettings(6, 2, 1e-3, 1L, null, null, null, 9L),
            new CheckpointSettings(location, 2L, 5),
            source);
    assertThat(runner().run(longer, ProgressReporter.none(), () -> false).outcome())
        .isEqualTo(TaskOutcome.Succeeded);
    assertThat(log).noneMatch(l -> l.startsWith("fine-tuning"));
    assertThat(log).anyMatch(l -> l.contains("step-00000004 (step 4)"));
  }

  @Test
  void checkpointsGoToS3AndAreResumedFromThere() throws Exception {
    try (S3TestServer s3 = S3TestServer.start()) {
      s3.client().createBucket(b -> b.bucket("models"));
      StoreSettings stores = new StoreSettings(dir.resolve("pvc"), s3.settings());
      TaskResult first =
          runner(stores)
              .run(task("s3://models/runs/tiny", 6, 3, 1), ProgressReporter.none(), () -> false);
      assertThat(first.training().checkpoint().uri())
          .isEqualTo("s3://models/runs/tiny/step-00000006");
      List<String> keys =
          s3.client().listObjectsV2(b -> b.bucket("models")).contents().stream()
              .map(o -> o.key())
              .toList();
      assertThat(keys)
          .contains("runs/tiny/step-00000006/manifest.json", "runs/tiny/step-00000006/model.ndlist")
          .noneMatch(k -> k.contains("step-00000003"));

      TaskResult more =
          runner(stores)
              .run(task("s3://models/runs/tiny", 8, 3, 1), ProgressReporter.none(), () -> false);
      assertThat(more.training().step()).isEqualTo(8);
      assertThat(log).contains("resuming from s3://models/runs/tiny/step-00000006 (step 6)");
    }
  }

  @Test
  void checkpointsGoToAClaim() throws Exception {
    Files.createDirectories(dir.resolve("pvc/models"));
    TaskResult result =
        runner().run(task("pvc://models/tiny", 3, 3, 1), ProgressReporter.none(), () -> false);
    assertThat(result.training().checkpoint().uri()).isEqualTo("pvc://models/tiny/step-00000003");
    assertThat(dir.resolve("pvc/models/tiny/step-00000003/manifest.json")).isRegularFile();
  }

  @Test
  void trainsOnCaptionedClipsFromTheStore() throws Exception {
    Path data = dir.resolve("pvc/data/clips");
    Files.createDirectories(data);
    StringBuilder captions = new StringBuilder();
    for (int i = 0; i < 2; i++) {
      var spec =
          dev.videogen.worker.world.SyntheticWorld.sampleTraining(
              new java.util.SplittableRandom(i), 40, 24, 6, 8);
      dev.videogen.worker.video.VideoEncoder.write(
          dev.videogen.worker.world.SyntheticWorld.render(spec),
          data.resolve(i + ".gif"),
          dev.videogen.worker.video.VideoFormat.GIF);
      captions
          .append("{\"file\": \"")
          .append(i)
          .append(".gif\", \"caption\": \"")
          .append(dev.videogen.worker.world.Caption.canonical(spec))
          .append("\"}\n");
    }
    Files.writeString(data.resolve("captions.jsonl"), captions);
    TrainTask base = task("pvc://models/clips", 3, 3, 1);
    Files.createDirectories(dir.resolve("pvc/models"));
    TrainTask clips =
        new TrainTask(
            "clips",
            MODEL,
            null,
            null,
            TrainDataset.clips("pvc://data/clips", 16, 4),
            base.training(),
            base.checkpoint(),
            null);
    TaskResult result = runner().run(clips, ProgressReporter.none(), () -> false);
    assertThat(result.outcome())
        .as(String.valueOf(result.error()))
        .isEqualTo(TaskOutcome.Succeeded);
    assertThat(log).contains("2 clips from pvc://data/clips");
    assertThat(dir.resolve("pvc/models/clips/step-00000003/manifest.json")).isRegularFile();

    Files.writeString(data.resolve("captions.jsonl"), "{\"file\": \"9.gif\", \"caption\": \"\"}\n");
    TaskResult broken = runner().run(clips, ProgressReporter.none(), () -> false);
    assertThat(broken.error().reason()).isEqualTo("InputNotFound");
    assertThat(broken.error().message()).contains("names 9.gif");
    assertThat(TrainingTaskRunner.exitCode(broken)).isEqualTo(2);
  }

  /** The URI of a 3-step autoencoder checkpoint trained under {@code dir}. */
  String trainedAutoencoder() {
    String vae = dir.resolve("vae").toUri().toString();
    assertThat(
            runner().run(autoencoderTask(vae, 3), ProgressReporter.none(), () -> false).outcome())
        .isEqualTo(TaskOutcome.Succeeded);
    return vae.replaceAll("/$", "") + "/step-00000003";
  }

  static TrainTask latentTask(String location, String autoencoder, long steps) {
    return latentTask(location, autoencoder, steps, TrainDataset.synthetic(3L, 16, 4));
  }

  static TrainTask latentTask(
      String location, String autoencoder, long steps, TrainDataset dataset) {
    return new TrainTask(
        "latent",
        new TrainModel(null, 1, 48, 4, new TrainModel.Patch(1, 1, 1), null, null),
        TrainingStage.Diffusion,
        autoencoder,
        dataset,
        new TrainingSettings(steps, 2, 2e-3, 2L, null, null, null, 5L),
        new CheckpointSettings(location, 3L, 3),
        null);
  }

  @Test
  void aDiffusionRunOnAnAutoencoderTrainsOnLatentsAndCarriesTheAutoencoder() throws Exception {
    String autoencoder = trainedAutoencoder();

    Losses uninterrupted = new Losses();
    TaskResult whole =
        runner()
            .run(
                latentTask(dir.resolve("a").toUri().toString(), autoencoder, 6),
                uninterrupted,
                () -> false);
    assertThat(whole.outcome()).as(String.valueOf(whole.error())).isEqualTo(TaskOutcome.Succeeded);
    assertThat(log)
        .anyMatch(l -> l.startsWith("latents of autoencoder " + autoencoder + ": shift"));
    Path last = dir.resolve("a/step-00000006");
    Checkpoint.State state = Checkpoint.state(last);
    assertThat(state.format()).isEqualTo(Checkpoint.FORMAT_LATENT);
    assertThat(state.config().channels()).as("the autoencoder's latent channels").isEqualTo(4);
    assertThat(state.latent().source()).isEqualTo(autoencoder);
    assertThat(state.latent().scale()).isPositive();

    // Resumed, it uses the latent space its checkpoint recorded: the losses are the same.
    String location = dir.resolve("b").toUri().toString();
    Losses first = new Losses();
    assertThat(runStoppingAt(latentTask(location, autoencoder, 6), 4, first).error().reason())
        .isEqualTo("Interrupted");
    Losses second = new Losses();
    assertThat(runner().run(latentTask(location, autoencoder, 6), second, () -> false).outcome())
        .isEqualTo(TaskOutcome.Succeeded);
    assertSameLosses(first, second, uninterrupted);

    // The checkpoint alone renders: 1 + 4k frames decoded through its autoencoder.
    try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
      var model = Checkpoint.loadForSampling(last, manager);
      var space = Checkpoint.latentSpace(last, manager).orElseThrow().space();
      var clip =
          space
              .render(
                  model,
                  List.of("a red circle moves left"),
                  16,
                  16,
                  5,
                  8,
                  new dev.videogen.worker.diffusion.SamplerSettings(2, 2.0, 0, 1),
                  step -> {})
              .get(0);
      assertThat(clip.frames()).isEqualTo(5);
      assertThat(clip.width()).isEqualTo(16);
    }

    // Pixels and latents do not mix in one location.
    TaskResult pixels = runner().run(task(location, 8, 4, 1), ProgressReporter.none(), () -> false);
    assertThat(pixels.error().reason()).isEqualTo("InvalidTask");
    assertThat(pixels.error().message())
        .contains("a model on the latents of autoencoder " + autoencoder)
        .contains("but the task has no autoencoder");
  }

  @Test
  void aLatentCacheIsEncodedOnceAndAResumedRunDrawsTheSameBatches() throws Exception {
    String autoencoder = trainedAutoencoder();
    TrainDataset cached = TrainDataset.synthetic(3L, 16, 4).withLatentCache(6);

    Losses uninterrupted = new Losses();
    TaskResult whole =
        runner()
            .run(
                latentTask(dir.resolve("a").toUri().toString(), autoencoder, 6, cached),
                uninterrupted,
                () -> false);
    assertThat(whole.outcome()).as(String.valueOf(whole.error())).isEqualTo(TaskOutcome.Succeeded);
    assertThat(log).anyMatch(l -> l.matches("latent cache: 6 clips of [1-9] size\\(s\\), .*"));

    String location = dir.resolve("b").toUri().toString();
    Losses first = new Losses();
    assertThat(runStoppingAt(latentTask(location, autoencoder, 6, cached), 4, first).outcome())
        .isEqualTo(TaskOutcome.Failed);
    Losses second = new Losses();
    assertThat(
            runner()
                .run(latentTask(location, autoencoder, 6, cached), second, () -> false)
                .outcome())
        .isEqualTo(TaskOutcome.Succeeded);
    assertSameLosses(first, second, uninterrupted);
  }

  @Test
  void aStopWhileTheLatentCacheIsEncodedEndsTheAttemptAsInterrupted() throws Exception {
    String autoencoder = trainedAutoencoder();
    TrainDataset cached = TrainDataset.synthetic(3L, 16, 4).withLatentCache(1000);
    String location = dir.resolve("a").toUri().toString();
    TaskResult stopped =
        runner()
            .run(latentTask(location, autoencoder, 6, cached), ProgressReporter.none(), () -> true);
    assertThat(stopped.error().reason()).isEqualTo("Interrupted");
    assertThat(stopped.error().message())
        .contains("while encoding dataset.latentCache (0 of 1,000 clips encoded), before step 1");
    assertThat(TrainingTaskRunner.exitCode(stopped)).isEqualTo(TrainingTaskRunner.EXIT_STOPPED);
    assertThat(dir.resolve("a")).doesNotExist();
  }

  @Test
  void whatCannotWorkFailsAtOnceWithAReason() throws Exception {
    String location = dir.resolve("run").toUri().toString();
    TrainTask base = task(location, 4, 2, 1);
    assertThat(runner().run(base, ProgressReporter.none(), () -> false).outcome())
        .isEqualTo(TaskOutcome.Succeeded);
    TaskResult otherModel =
        runner()
            .run(
                new TrainTask(
                    "tiny",
                    new TrainModel(null, 2, 48, 4, null, null, null),
                    null,
                    null,
                    DATA,
                    base.training(),
                    base.checkpoint(),
                    null),
                ProgressReporter.none(),
                () -> false);
    assertThat(otherModel.error().reason()).isEqualTo("InvalidTask");
    assertThat(otherModel.error().message())
        .contains("checkpoint.location holds " + location.replaceAll("/$", "") + "/step-00000004")
        .contains("use a new checkpoint.location");

    TaskResult missing =
        runner()
            .run(
                new TrainTask(
                    "t",
                    null,
                    null,
                    null,
                    DATA,
                    base.training(),
                    new CheckpointSettings(dir.resolve("fresh").toUri().toString(), null, null),
                    dir.resolve("nothing-here").toUri().toString()),
                ProgressReporter.none(),
                () -> false);
    assertThat(missing.error().reason()).isEqualTo("CheckpointNotFound");
    assertThat(missing.error().message()).contains("is not a complete checkpoint");
    assertThat(TrainingTaskRunner.exitCode(missing)).isEqualTo(2);

    TaskResult unmounted =
        runner().run(task("pvc://not-mounted/x", 2, 2, 1), ProgressReporter.none(), () -> false);
    assertThat(unmounted.error().reason()).isEqualTo("StoreError");
    assertThat(unmounted.error().message()).contains("claim 'not-mounted' is not mounted");
    assertThat(TrainingTaskRunner.exitCode(unmounted)).isEqualTo(1);
  }
}
