package dev.videogen.worker.local;

import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.TrainingRunStatus;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.api.v1alpha1.VideoJobStatus;
import dev.videogen.api.v1alpha1.spec.ModelSource;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import dev.videogen.api.v1alpha1.status.CheckpointRecord;
import dev.videogen.api.v1alpha1.status.Phase;
import dev.videogen.worker.Progress;
import dev.videogen.worker.store.StoreSettings;
import dev.videogen.worker.task.TaskFailure;
import dev.videogen.worker.task.TaskReport;
import dev.videogen.worker.task.TaskRunner;
import dev.videogen.worker.train.TrainingFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code worker run}: runs validated resources in this process, the TrainingRuns first, then the
 * VideoJobs (whose {@code trainingRunRef} resolves to the latest checkpoint the run wrote), and
 * writes each one's status beside its outputs ({@link StatusFile}). A stop request ends the current
 * step cleanly; running again resumes.
 */
public final class LocalRunner {
  /** Exit code of a run that was stopped (as a shell reports SIGINT). */
  public static final int EXIT_STOPPED = 130;

  private final LocalTraining training;
  private final TaskRunner tasks;
  private final ThreadBudget budget;
  private final StoreSettings stores;
  private final PrintWriter out;
  private final BooleanSupplier stop;

  public LocalRunner(
      LocalTraining training,
      TaskRunner tasks,
      ThreadBudget budget,
      StoreSettings stores,
      PrintWriter out,
      BooleanSupplier stop) {
    this.training = training;
    this.tasks = tasks;
    this.budget = budget;
    this.stores = stores;
    this.out = out;
    this.stop = stop;
  }

  /**
   * Runs {@code resources}.
   *
   * @return 0 if everything succeeded, {@link TaskReport#EXIT_PERMANENT} if something failed that
   *     would fail again, {@link TaskReport#EXIT_RETRY} for other failures, {@link #EXIT_STOPPED}
   *     when stopped
   */
  public int run(LocalResources resources) throws IOException {
    Map<String, TrainingRunStatus> trained = new HashMap<>();
    int exit = 0;
    // Autoencoders first: a diffusion run's spec.autoencoder may name one.
    List<TrainingRun> runs = new ArrayList<>(resources.trainingRuns());
    runs.sort(
        Comparator.comparing(r -> r.getSpec().getStage() == TrainingStage.Autoencoder ? 0 : 1));
    for (TrainingRun run : runs) {
      Trained outcome = train(run, trained);
      trained.put(run.getMetadata().getName(), outcome.status());
      if (outcome.status().getPhase() == Phase.Suspended) {
        return EXIT_STOPPED;
      }
      if (outcome.status().getPhase() == Phase.Failed) {
        exit = worse(exit, outcome.permanent() ? TaskReport.EXIT_PERMANENT : TaskReport.EXIT_RETRY);
      }
    }
    for (VideoJob job : resources.videoJobs()) {
      var ref = job.getSpec().getModel().getTrainingRunRef();
      String checkpoint = job.getSpec().getModel().getCheckpoint();
      if (ref != null) {
        TrainingRunStatus run = trained.get(ref.getName());
        if (run == null || run.getLatestCheckpoint() == null) {
          out.printf(
              "VideoJob %s: skipped: TrainingRun %s has no checkpoint%n",
              job.getMetadata().getName(), ref.getName());
          exit = worse(exit, TaskReport.EXIT_RETRY);
          continue;
        }
        checkpoint = run.getLatestCheckpoint().getUri();
      }
      VideoJobRun.Outcome outcome =
          new VideoJobRun(job, checkpoint, tasks, budget, stores, out, stop).run();
      VideoJobStatus status = outcome.status();
      if (status.getPhase() == Phase.Suspended) {
        return EXIT_STOPPED;
      }
      if (status.getPhase() == Phase.Failed) {
        exit = worse(exit, outcome.permanent() ? TaskReport.EXIT_PERMANENT : TaskReport.EXIT_RETRY);
      }
    }
    return exit;
  }

  /** How a TrainingRun ended; {@code permanent} when a failure would recur on a re-run. */
  private record Trained(TrainingRunStatus status, boolean permanent) {}

  private Trained train(TrainingRun run, Map<String, TrainingRunStatus> trained)
      throws IOException {
    String name = run.getMetadata().getName();
    String location = run.getSpec().getCheckpoint().getLocation();
    Instant started = Instant.now();
    TrainingRunStatus status = new TrainingRunStatus();
    status.setStartTime(VideoJobRun.time(started));
    status.setTotalSteps(run.getSpec().getTraining().getSteps());
    LocalConditions.set(status, Phase.Running, "Training", "training", started);
    String statusUri = StatusFile.write(location, run, status, stores);
    out.printf("TrainingRun %s: checkpoints in %s; status in %s%n", name, location, statusUri);
    ModelSource autoencoder = run.getSpec().getAutoencoder();
    String autoencoderCheckpoint = autoencoder == null ? null : autoencoder.getCheckpoint();
    if (autoencoder != null && autoencoder.getTrainingRunRef() != null) {
      TrainingRunStatus vae = trained.get(autoencoder.getTrainingRunRef().getName());
      if (vae == null || vae.getLatestCheckpoint() == null) {
        return trainingFailed(
            run,
            status,
            TaskFailure.CHECKPOINT_NOT_FOUND,
            "spec.autoencoder: TrainingRun "
                + autoencoder.getTrainingRunRef().getName()
                + " has no checkpoint",
            false);
      }
      autoencoderCheckpoint = vae.getLatestCheckpoint().getUri();
    }
    budget.apply(1);
    LocalTraining.Result result;
    try {
      result = training.train(run, autoencoderCheckpoint, new TrainingProgress(out), stop);
    } catch (TaskFailure e) {
      return trainingFailed(run, status, e.reason(), e.getMessage(), e.permanent());
    } catch (TrainingFailure e) {
      return trainingFailed(run, status, e.reason(), e.getMessage(), true);
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      return trainingFailed(run, status, TaskFailure.INTERNAL, e.getMessage(), false);
    }
    status.setStep(result.step());
    status.setLoss(result.loss());
    status.setSamplesPerSecond(result.samplesPerSecond());
    List<CheckpointRecord> checkpoints = result.checkpoints();
    status.setCheckpoints(
        checkpoints.subList(
            Math.max(0, checkpoints.size() - TrainingRunStatus.MAX_CHECKPOINTS),
            checkpoints.size()));
    status.setLatestCheckpoint(result.latest());
    Instant done = Instant.now();
    if (result.stopped()) {
      LocalConditions.set(
          status,
          Phase.Suspended,
          "Interrupted",
          "stopped at step " + result.step() + " after a checkpoint; run again to resume",
          done);
      StatusFile.write(location, run, status, stores);
      out.printf("TrainingRun %s: stopped at step %d; run again to resume%n", name, result.step());
      return new Trained(status, false);
    }
    status.setCompletionTime(VideoJobRun.time(done));
    String latest = result.latest().getUri();
    LocalConditions.set(
        status, Phase.Succeeded, "Succeeded", "trained; latest checkpoint " + latest, done);
    StatusFile.write(location, run, status, stores);
    out.printf(
        "TrainingRun %s: Succeeded in %s at step %d: %s%n",
        name, VideoJobRun.duration(Duration.between(started, done)), result.step(), latest);
    return new Trained(status, false);
  }

  private Trained trainingFailed(
      TrainingRun run, TrainingRunStatus status, String reason, String message, boolean permanent)
      throws IOException {
    Instant done = Instant.now();
    status.setCompletionTime(VideoJobRun.time(done));
    LocalConditions.set(status, Phase.Failed, reason, message, done);
    StatusFile.write(run.getSpec().getCheckpoint().getLocation(), run, status, stores);
    out.printf("TrainingRun %s: Failed (%s): %s%n", run.getMetadata().getName(), reason, message);
    return new Trained(status, permanent);
  }

  private static int worse(int a, int b) {
    return Math.max(a, b);
  }

  /** A progress bar for training steps, with the loss. */
  private static final class TrainingProgress implements LocalTraining.Listener {
    private final PrintWriter out;
    private Progress bar;

    TrainingProgress(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void note(String line) {
      out.printf("  %s%n", line);
    }

    @Override
    public void started(long step, long totalSteps, String message) {
      out.printf("  training from step %d to %d: %s%n", step, totalSteps, message);
      bar = new Progress(out, totalSteps, step);
    }

    @Override
    public void step(long step, long totalSteps, double loss) {
      bar.update(step, String.format("loss %.4f", loss));
      if (step >= totalSteps) {
        bar.done();
      }
    }
  }
}
