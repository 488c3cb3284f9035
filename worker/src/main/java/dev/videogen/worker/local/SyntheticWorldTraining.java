package dev.videogen.worker.local;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.videogen.api.task.TrainDataset;
import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.TrainingRunSpec;
import dev.videogen.api.v1alpha1.spec.DatasetSpec;
import dev.videogen.api.v1alpha1.spec.LatentCacheSpec;
import dev.videogen.api.v1alpha1.spec.SyntheticDataset;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import dev.videogen.api.v1alpha1.status.CheckpointRecord;
import dev.videogen.worker.store.StoreUri;
import dev.videogen.worker.task.TaskFailure;
import dev.videogen.worker.train.Checkpoint;
import dev.videogen.worker.train.CheckpointDirectory;
import dev.videogen.worker.train.Hyperparameters;
import dev.videogen.worker.train.LatentCache;
import dev.videogen.worker.train.LatentDiffusion;
import dev.videogen.worker.train.Trainable;
import dev.videogen.worker.train.Trainer;
import dev.videogen.worker.train.TrainingBatch;
import dev.videogen.worker.train.TrainingStages;
import dev.videogen.worker.world.SyntheticDataset.Bucket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@link LocalTraining} by the training code of the cluster's worker ({@link TrainingStages}):
 * trains the pixel-space patch-DiT (stage Diffusion) or the video autoencoder (stage Autoencoder,
 * on clips of 1 + 4k frames) on the synthetic world, checkpoints to a {@code file://} location
 * every {@code checkpoint.everySteps} steps (and when stopped), keeps the newest {@code
 * checkpoint.keep}, and resumes from the latest. Datasets from URIs and s3:// or pvc:// checkpoint
 * locations are left to the training task that replaces this adapter.
 */
public final class SyntheticWorldTraining implements LocalTraining {
  static final long DEFAULT_EVERY = 500;
  static final int DEFAULT_KEEP = 3;

  /** Side of the largest {@code SyntheticDataset.CPU_MIX} clip, which maxSize rescales. */
  private static final int CPU_MIX_MAX_SIDE = 48;

  @Override
  public Result train(TrainingRun run, String autoencoder, Listener listener, BooleanSupplier stop)
      throws IOException {
    TrainingRunSpec spec = run.getSpec();
    Path dir = checkpointDirectory(spec);
    SyntheticDataset world = supportedDataset(spec);
    Hyperparameters hp = Hyperparameters.from(spec.getTraining());
    long every = Optional.ofNullable(spec.getCheckpoint().getEverySteps()).orElse(DEFAULT_EVERY);
    int keep = Optional.ofNullable(spec.getCheckpoint().getKeep()).orElse(DEFAULT_KEEP);
    Optional<Path> latest = Checkpoint.latest(dir);
    // resumeFrom, while the location holds no checkpoint: fine-tuning, as in a cluster.
    Optional<Path> fineTune =
        latest.isEmpty() && spec.getResumeFrom() != null
            ? Optional.of(localCheckpoint("spec.resumeFrom", spec.getResumeFrom()))
            : Optional.empty();
    for (Path checkpoint : latest.or(() -> fineTune).stream().toList()) {
      TrainingStages.mismatch(checkpoint, spec.getStage(), spec.getModel(), autoencoder != null)
          .ifPresent(
              why -> {
                throw TaskFailure.permanent(
                    TaskFailure.INVALID_TASK,
                    checkpoint
                        + " holds "
                        + why
                        + ": use a new spec.checkpoint.location for a new model");
              });
    }
    if (latest.isPresent() && CheckpointDirectory.step(latest.get()) >= hp.steps()) {
      listener.started(hp.steps(), hp.steps(), "already trained: " + latest.get().getFileName());
      return new Result(hp.steps(), hp.steps(), null, null, records(dir, null), false);
    }
    List<Device> devices = List.of(Engine.getInstance().defaultDevice());
    Trainable created;
    if (latest.isPresent()) {
      created = TrainingStages.resume(latest.get(), hp, devices);
    } else if (fineTune.isPresent()) {
      created = TrainingStages.fineTune(fineTune.get(), hp, devices);
      listener.note(
          "fine-tuning " + spec.getResumeFrom() + ": its weights, a fresh optimiser, from step 0");
    } else if (autoencoder != null) {
      Path vae = localCheckpoint("spec.autoencoder", autoencoder);
      created = LatentDiffusion.create(spec.getModel(), hp, devices, vae, autoencoder);
    } else {
      created = TrainingStages.create(spec.getStage(), spec.getModel(), hp, devices);
    }
    try (Trainable trainer = created) {
      // A new latent model measures its latents; a resumed or fine-tuned one has them recorded.
      boolean fresh = latest.isEmpty() && fineTune.isEmpty();
      TrainingBatch.Source data;
      try {
        data = dataset(trainer, spec.getDataset(), fresh, stop, listener::note);
      } catch (LatentCache.Stopped e) {
        listener.note("stopped while encoding dataset.latentCache (" + e.getMessage() + ")");
        return new Result(trainer.step(), hp.steps(), null, null, records(dir, null), true);
      }
      listener.started(
          trainer.step(),
          hp.steps(),
          String.format(
              "%s%,d parameters, batch %d%s",
              spec.getStage() == TrainingStage.Autoencoder ? "autoencoder, " : "",
              trainer.parameterCount(),
              hp.batchSize(),
              latest.map(p -> ", resuming from " + p.getFileName()).orElse("")));
      Double smoothed = null;
      long first = trainer.step();
      long started = System.nanoTime();
      Path last = null;
      while (trainer.step() < hp.steps()) {
        Trainer.StepResult r = trainer.step(data.batch(trainer.step() + 1, hp.batchSize()));
        if (Double.isFinite(r.loss())) {
          smoothed = smoothed == null ? r.loss() : 0.9 * smoothed + 0.1 * r.loss();
        }
        listener.step(r.step(), hp.steps(), r.loss());
        boolean stopping = stop.getAsBoolean();
        if (r.step() % every == 0 || r.step() == hp.steps() || stopping) {
          last = trainer.save(dir);
          prune(dir, keep);
        }
        if (stopping) {
          break;
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      Double rate =
          trainer.step() > first ? (trainer.step() - first) * hp.batchSize() / seconds : null;
      return new Result(
          trainer.step(),
          hp.steps(),
          smoothed,
          rate,
          records(dir, last == null ? null : new Latest(last, smoothed)),
          trainer.step() < hp.steps());
    }
  }

  private static Path checkpointDirectory(TrainingRunSpec spec) {
    String location = spec.getCheckpoint().getLocation();
    StoreUri uri = StoreUri.parse(location);
    if (uri.scheme() != StoreUri.Scheme.FILE) {
      throw TaskFailure.permanent(
          TaskFailure.NOT_SUPPORTED,
          "spec.checkpoint.location "
              + location
              + ": worker run writes checkpoints to file:// locations only in this build");
    }
    return Path.of("/" + uri.path());
  }

  private static SyntheticDataset supportedDataset(TrainingRunSpec spec) {
    if (spec.getDataset().getSynthetic() == null) {
      throw TaskFailure.permanent(
          TaskFailure.NOT_SUPPORTED,
          "spec.dataset.uri: worker run trains on the synthetic world only in this build (set"
              + " spec.dataset.synthetic)");
    }
    return spec.getDataset().getSynthetic();
  }

  /**
   * The synthetic world's clips as {@code trainer} takes them: for the autoencoder and a latent
   * model, 1 + 4k frames and sides its patches fit; a latent model's are encoded (once, with {@code
   * dataset.latentCache}), their shift and scale measured first when it is new.
   */
  private static TrainingBatch.Source dataset(
      Trainable trainer,
      DatasetSpec dataset,
      boolean fresh,
      BooleanSupplier stop,
      Consumer<String> log) {
    SyntheticDataset world = dataset.getSynthetic();
    TrainingBatch.Source pixels =
        new dev.videogen.worker.world.SyntheticDataset(
            trainer.fit(buckets(world)), Optional.ofNullable(world.getSeed()).orElse(0L));
    if (!(trainer instanceof Trainer latent && latent.latentSpace() != null)) {
      return pixels;
    }
    LatentCacheSpec cache = dataset.getLatentCache();
    return LatentDiffusion.latents(
        latent,
        pixels,
        fresh,
        cache == null ? null : new TrainDataset.LatentCache(cache.getClips()),
        stop,
        log);
  }

  private static Path localCheckpoint(String field, String uri) {
    StoreUri parsed = StoreUri.parse(uri);
    if (parsed.scheme() != StoreUri.Scheme.FILE) {
      throw TaskFailure.permanent(
          TaskFailure.NOT_SUPPORTED,
          field + " " + uri + ": worker run reads file:// checkpoints only");
    }
    Path path = Path.of("/" + parsed.path());
    Optional<Path> found =
        Checkpoint.isComplete(path) ? Optional.of(path) : Checkpoint.latest(path);
    return found.orElseThrow(
        () ->
            TaskFailure.permanent(
                TaskFailure.CHECKPOINT_NOT_FOUND,
                field + " " + uri + ": no complete checkpoint there"));
  }

  /** The CPU size buckets at the world's frame rate, rescaled so the largest side is maxSize. */
  static List<Bucket> buckets(SyntheticDataset world) {
    List<Bucket> out = new ArrayList<>();
    for (Bucket b : dev.videogen.worker.world.SyntheticDataset.CPU_MIX) {
      double fps = world.getFps() != null ? world.getFps() : b.fps();
      int height = b.height();
      int width = b.width();
      if (world.getMaxSize() != null) {
        height = scaled(height, world.getMaxSize());
        width = scaled(width, world.getMaxSize());
      }
      out.add(new Bucket(b.frames(), height, width, fps));
    }
    return out;
  }

  private static int scaled(int side, int maxSize) {
    // Multiples of 16 fit the patch sizes of every preset.
    return Math.max(16, (int) Math.round(side * (double) maxSize / CPU_MIX_MAX_SIDE / 16) * 16);
  }

  private record Latest(Path dir, Double loss) {}

  private static void prune(Path dir, int keep) throws IOException {
    List<Path> complete = complete(dir);
    for (int i = 0; i < complete.size() - keep; i++) {
      try (Stream<Path> walk = Files.walk(complete.get(i))) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static List<Path> complete(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().startsWith("step-"))
          .filter(Checkpoint::isComplete)
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
  }

  private static List<CheckpointRecord> records(Path dir, Latest latest) throws IOException {
    List<CheckpointRecord> out = new ArrayList<>();
    for (Path p : complete(dir)) {
      CheckpointRecord record = new CheckpointRecord();
      record.setUri("file://" + p.toAbsolutePath());
      record.setStep(CheckpointDirectory.step(p));
      record.setTime(
          Files.getLastModifiedTime(p.resolve("manifest.json"))
              .toInstant()
              .truncatedTo(ChronoUnit.SECONDS)
              .toString());
      if (latest != null && latest.dir().equals(p)) {
        record.setLoss(latest.loss());
      }
      out.add(record);
    }
    return out;
  }
}
