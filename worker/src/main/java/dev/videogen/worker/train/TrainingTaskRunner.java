package dev.videogen.worker.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.videogen.api.task.CheckpointReference;
import dev.videogen.api.task.TaskError;
import dev.videogen.api.task.TaskResult;
import dev.videogen.api.task.Timings;
import dev.videogen.api.task.TrainDataset;
import dev.videogen.api.task.TrainTask;
import dev.videogen.api.task.TrainingProgress;
import dev.videogen.api.v1alpha1.spec.ModelSpec;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import dev.videogen.worker.dataset.ClipDataset;
import dev.videogen.worker.progress.ProgressReporter;
import dev.videogen.worker.progress.ProgressTracker;
import dev.videogen.worker.store.ArtifactStore;
import dev.videogen.worker.store.ArtifactStores;
import dev.videogen.worker.store.CompletionMarker;
import dev.videogen.worker.store.IncompleteArtifactException;
import dev.videogen.worker.store.InvalidArtifactUriException;
import dev.videogen.worker.store.StoreSettings;
import dev.videogen.worker.world.SyntheticDataset;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs a Train task (docs/training.md): resumes from the newest complete checkpoint under {@code
 * checkpoint.location}, else fine-tunes {@code resumeFrom}, else starts afresh; trains to {@code
 * training.steps} on all the options' devices, writing a checkpoint every {@code
 * checkpoint.everySteps} steps and at the end and keeping the newest {@code checkpoint.keep}; on a
 * stop request (SIGTERM) it writes a checkpoint of the step reached and returns. Progress goes to
 * the reporter; the result says how far training got and which checkpoint is newest, and {@link
 * #exitCode} says how the process should exit.
 */
public final class TrainingTaskRunner {
  /** Exit code: the task can never succeed (bad task, missing input, divergence); do not retry. */
  public static final int EXIT_INVALID_TASK = 2;

  /** Exit code: a stop was requested (SIGTERM), and the step reached is saved in a checkpoint. */
  public static final int EXIT_STOPPED = 143;

  /** Exit code: failed, possibly for a passing cause (storage, memory); a retry resumes. */
  public static final int EXIT_FAILED = 1;

  /** Error reason of a result that stopped on request (as for the other tasks). */
  public static final String INTERRUPTED = "Interrupted";

  private static final java.util.Set<String> PERMANENT =
      java.util.Set.of(
          "InvalidTask",
          "NotSupported",
          "CheckpointNotFound",
          "CheckpointUnreadable",
          "InputNotFound",
          "Diverged");

  private static final long DEFAULT_EVERY_STEPS = 500;
  private static final int DEFAULT_KEEP = 3;

  /**
   * Where and how a task runs.
   *
   * @param stores how {@code s3://} and {@code pvc://} URIs are reached
   * @param scratch local directory for checkpoints in transit and the dataset's clips
   * @param devices one model replica each (data parallel); the first holds the optimiser
   * @param progressInterval least time between progress reports (checkpoints are reported at once)
   * @param log receives one line per event worth a log line
   */
  public record Options(
      StoreSettings stores,
      Path scratch,
      List<Device> devices,
      Duration progressInterval,
      Consumer<String> log) {
    public Options {
      if (devices.isEmpty()) {
        throw new IllegalArgumentException("at least one device");
      }
      devices = List.copyOf(devices);
    }

    /** Every GPU of the process (the pod's), or the CPU when there is none. */
    public static List<Device> allDevices() {
      int gpus = Engine.getInstance().getGpuCount();
      if (gpus == 0) {
        return List.of(Device.cpu());
      }
      List<Device> devices = new ArrayList<>();
      for (int i = 0; i < gpus; i++) {
        devices.add(Device.gpu(i));
      }
      return devices;
    }
  }

  private final Options options;

  public TrainingTaskRunner(Options options) {
    this.options = options;
  }

  /** The exit code of a process whose task ended with {@code result}. */
  public static int exitCode(TaskResult result) {
    if (result.error() == null) {
      return 0;
    }
    String reason = result.error().reason();
    if (reason.equals(INTERRUPTED)) {
      return EXIT_STOPPED;
    }
    return PERMANENT.contains(reason) ? EXIT_INVALID_TASK : EXIT_FAILED;
  }

  /**
   * Runs {@code task} to its end, a stop request or a failure; never throws for those.
   *
   * @param stop asked after every step; once true, training writes a checkpoint and returns
   */
  public TaskResult run(TrainTask task, ProgressReporter reporter, BooleanSupplier stop) {
    Attempt attempt = new Attempt(task, reporter, stop);
    try {
      return attempt.train();
    } catch (TrainingFailure e) {
      return attempt.failed(e.reason(), e.getMessage());
    } catch (InvalidArtifactUriException e) {
      return attempt.failed("InvalidTask", e.getMessage());
    } catch (OutOfMemoryError e) {
      return attempt.failed("OutOfMemory", String.valueOf(e));
    } catch (IOException e) {
      return attempt.failed("StoreError", e.getMessage() != null ? e.getMessage() : e.toString());
    } catch (RuntimeException e) {
      String message = e.getMessage() != null ? e.getMessage() : e.toString();
      return attempt.failed(
          message.contains("out of memory") ? "OutOfMemory" : "Internal", message);
    } finally {
      reporter.flush(5_000);
    }
  }

  /** One run of a task: what it has reached so far, for its result. */
  private final class Attempt {
    private final TrainTask task;
    private final ProgressReporter reporter;
    private final BooleanSupplier stop;
    private final long started = System.nanoTime();
    private ProgressTracker tracker;
    private Double loadSeconds;

    Attempt(TrainTask task, ProgressReporter reporter, BooleanSupplier stop) {
      this.task = task;
      this.reporter = reporter;
      this.stop = stop;
    }

    TaskResult train() throws IOException {
      Hyperparameters hp = Hyperparameters.from(task.training());
      ModelSpec requested = task.model() == null ? null : task.model().toSpec();
      long every =
          task.checkpoint().everySteps() != null
              ? task.checkpoint().everySteps()
              : DEFAULT_EVERY_STEPS;
      int keep = task.checkpoint().keep() != null ? task.checkpoint().keep() : DEFAULT_KEEP;
      Path scratch = options.scratch();
      try (ArtifactStore location =
          ArtifactStores.open(task.checkpoint().location(), options.stores())) {
        CheckpointStore checkpoints =
            new CheckpointStore(location, scratch.resolve("checkpoints"), options.log());
        CheckpointReference resumedFrom = null;
        Trainable trainer;
        boolean measure = false; // a new latent model: normalise its latents on the data
        Optional<CheckpointStore.Local> latest = checkpoints.latest();
        if (latest.isPresent()) {
          Path dir = latest.get().dir();
          resumedFrom = latest.get().reference();
          sameModel(
              dir,
              task.stage(),
              requested,
              task.autoencoderCheckpoint() != null,
              "checkpoint.location holds " + resumedFrom.uri());
          trainer = TrainingStages.resume(dir, hp, options.devices());
          options
              .log()
              .accept("resuming from " + resumedFrom.uri() + " (step " + resumedFrom.step() + ")");
        } else if (task.resumeFrom() != null) {
          Path dir = fetchCheckpoint("resumeFrom", task.resumeFrom(), scratch.resolve("fine-tune"));
          sameModel(
              dir,
              task.stage(),
              requested,
              task.autoencoderCheckpoint() != null,
              "resumeFrom is " + task.resumeFrom());
          trainer = TrainingStages.fineTune(dir, hp, options.devices());
          options
              .log()
              .accept(
                  "fine-tuning "
                      + task.resumeFrom()
                      + ": its weights, a fresh optimiser, from step 0");
        } else if (task.autoencoderCheckpoint() != null) {
          String uri = task.autoencoderCheckpoint();
          Path dir = fetchCheckpoint("autoencoderCheckpoint", uri, scratch.resolve("autoencoder"));
          trainer = LatentDiffusion.create(requested, hp, options.devices(), dir, uri);
          measure = true;
        } else {
          trainer = TrainingStages.create(task.stage(), requested, hp, options.devices());
        }
        CheckpointDirectory.deleteRecursively(scratch.resolve("checkpoints").resolve("resume"));
        CheckpointDirectory.deleteRecursively(scratch.resolve("fine-tune"));
        CheckpointDirectory.deleteRecursively(scratch.resolve("autoencoder"));
        try (trainer) {
          TrainingBatch.Source data = dataset(task.dataset(), trainer, hp.seed());
          if (trainer instanceof Trainer t && t.latentSpace() != null) {
            try {
              data =
                  LatentDiffusion.latents(
                      t, data, measure, task.dataset().latentCache(), stop, options.log());
            } catch (LatentCache.Stopped e) {
              String message =
                  String.format(
                      "stopped on request while encoding dataset.latentCache (%s), before step %d;"
                          + " the next pod encodes it again",
                      e.getMessage(), trainer.step() + 1);
              return TaskResult.failed(
                  task.id(), new TaskError(INTERRUPTED, message), timings(), null);
            }
          }
          loadSeconds = seconds(started);
          tracker = new ProgressTracker(hp.steps(), options.progressInterval(), reporter);
          options
              .log()
              .accept(
                  String.format(
                      "training %s, %,d parameters, to step %,d (batch %d) on %d device(s) %s",
                      task.stage() == TrainingStage.Autoencoder ? "the autoencoder" : "the model",
                      trainer.parameterCount(),
                      hp.steps(),
                      hp.batchSize(),
                      trainer.deviceCount(),
                      options.devices()));
          tracker.start(trainer.step(), resumedFrom);
          long saved = resumedFrom != null ? resumedFrom.step() : -1;
          while (trainer.step() < hp.steps() && !stop.getAsBoolean()) {
            Trainer.StepResult r = trainer.step(data.batch(trainer.step() + 1, hp.batchSize()));
            tracker.step(r.step(), r.loss(), hp.batchSize());
            if (r.step() % every == 0 || r.step() == hp.steps()) {
              saved = checkpoint(trainer, checkpoints, tracker, keep);
            }
          }
          if (trainer.step() > saved && trainer.step() > 0) {
            // Stopped between checkpoints (or resumed past training.steps): save the step reached.
            checkpoint(trainer, checkpoints, tracker, keep);
          }
          TrainingProgress progress = tracker.current();
          if (trainer.step() >= hp.steps()) {
            return TaskResult.trained(task.id(), progress, timings());
          }
          String where =
              progress.checkpoint() != null
                  ? "after writing checkpoint "
                      + progress.checkpoint().uri()
                      + "; the next pod resumes from it"
                  : "before any checkpoint";
          String message =
              String.format(
                  "stopped on request at step %d of %d %s", trainer.step(), hp.steps(), where);
          return TaskResult.failed(
              task.id(), new TaskError(INTERRUPTED, message), timings(), progress);
        }
      }
    }

    TaskResult failed(String reason, String message) {
      options.log().accept("training failed (" + reason + "): " + message);
      return TaskResult.failed(
          task.id(),
          new TaskError(reason, message),
          timings(),
          tracker != null ? tracker.current() : null);
    }

    private Timings timings() {
      return new Timings(seconds(started), loadSeconds, null, null, null);
    }
  }

  private long checkpoint(
      Trainable trainer, CheckpointStore checkpoints, ProgressTracker tracker, int keep)
      throws IOException {
    long began = System.nanoTime();
    CheckpointReference ref = checkpoints.save(trainer);
    options
        .log()
        .accept(String.format("checkpoint %s written in %.1f s", ref.uri(), seconds(began)));
    tracker.checkpoint(ref);
    checkpoints.prune(keep);
    return ref.step();
  }

  private static void sameModel(
      Path checkpoint, TrainingStage stage, ModelSpec requested, boolean latent, String what) {
    TrainingStages.mismatch(checkpoint, stage, requested, latent)
        .ifPresent(
            why -> {
              throw TrainingFailure.invalidTask(
                  what
                      + ", "
                      + why
                      + ": make model match the checkpoint (or leave model out), or use a new"
                      + " checkpoint.location",
                  null);
            });
  }

  /** Downloads and verifies the checkpoint at {@code uri}, named {@code field} in errors. */
  private Path fetchCheckpoint(String field, String uri, Path dir) throws IOException {
    CheckpointDirectory.deleteRecursively(dir);
    try (ArtifactStore store = ArtifactStores.open(uri, options.stores())) {
      CompletionMarker.CHECKPOINT.fetch(store, "", dir);
    } catch (IncompleteArtifactException | NoSuchFileException e) {
      throw TrainingFailure.checkpointNotFound(
          field + " " + uri + " is not a complete checkpoint: " + e.getMessage(), e);
    }
    if (!Checkpoint.isComplete(dir)) {
      throw TrainingFailure.checkpointUnreadable(
          field
              + " "
              + uri
              + " is not a usable checkpoint: its files do not match its manifest.json");
    }
    return dir;
  }

  private TrainingBatch.Source dataset(TrainDataset dataset, Trainable model, long trainingSeed)
      throws IOException {
    if (dataset.synthetic() != null) {
      TrainDataset.Synthetic s = dataset.synthetic();
      return new SyntheticDataset(
          model.fit(
              TrainingSizes.buckets(
                  s.maxSize() != null ? s.maxSize() : TrainingSizes.DEFAULT_MAX_SIZE,
                  s.fps() != null ? s.fps() : TrainingSizes.DEFAULT_FPS)),
          s.seed() != null ? s.seed() : 0);
    }
    var buckets =
        model.fit(
            TrainingSizes.buckets(
                dataset.maxSize() != null ? dataset.maxSize() : TrainingSizes.DEFAULT_MAX_SIZE,
                dataset.fps() != null ? dataset.fps() : TrainingSizes.DEFAULT_FPS));
    try (ArtifactStore store = ArtifactStores.open(dataset.uri(), options.stores())) {
      ClipDataset clips =
          ClipDataset.open(store, options.scratch().resolve("dataset"), buckets, trainingSeed);
      options.log().accept(clips.size() + " clips from " + dataset.uri());
      return clips;
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
