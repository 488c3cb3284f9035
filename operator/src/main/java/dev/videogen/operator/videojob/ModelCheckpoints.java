package dev.videogen.operator.videojob;

import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.api.v1alpha1.spec.ModelSource;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import dev.videogen.operator.videojob.VideoJobObservation.Blocker;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Collection;
import java.util.Optional;

/**
 * Which checkpoint a VideoJob renders with. Once its first stage exists the answer is fixed (every
 * stage of one video uses one checkpoint, even while the TrainingRun it names writes newer ones);
 * before that it is {@code spec.model.checkpoint}, or the TrainingRun's latest checkpoint.
 */
public final class ModelCheckpoints {
  /** Annotation on stage Jobs with the checkpoint their tasks use. */
  public static final String ANNOTATION = "videogen.dev/checkpoint";

  private ModelCheckpoints() {}

  /** The resolution: a checkpoint URI, or why there is none yet. */
  public record Resolution(String checkpoint, Blocker blocked) {}

  public static Resolution resolve(
      VideoJob job, Collection<Job> stageJobs, Optional<TrainingRun> trainingRun) {
    Optional<String> fixed =
        stageJobs.stream()
            .map(j -> j.getMetadata().getAnnotations())
            .filter(a -> a != null && a.containsKey(ANNOTATION))
            .map(a -> a.get(ANNOTATION))
            .findFirst();
    if (fixed.isPresent()) {
      return new Resolution(fixed.get(), null);
    }
    ModelSource model = job.getSpec().getModel();
    if (model.getCheckpoint() != null) {
      return new Resolution(model.getCheckpoint(), null);
    }
    String name = model.getTrainingRunRef().getName();
    if (trainingRun.isEmpty()) {
      return new Resolution(
          null,
          Blocker.waiting(
              "TrainingRunNotFound",
              "spec.model.trainingRunRef: TrainingRun "
                  + name
                  + " does not exist in namespace "
                  + job.getMetadata().getNamespace()
                  + "; the job starts when it has a checkpoint"));
    }
    if (trainingRun.get().getSpec() != null
        && trainingRun.get().getSpec().getStage() == TrainingStage.Autoencoder) {
      return new Resolution(
          null,
          Blocker.invalid(
              "InvalidModel",
              "spec.model.trainingRunRef: TrainingRun "
                  + name
                  + " trains the video autoencoder (stage Autoencoder), which cannot render; name"
                  + " a TrainingRun of stage Diffusion (its spec.autoencoder may name "
                  + name
                  + ")"));
    }
    var status = trainingRun.get().getStatus();
    if (status == null
        || status.getLatestCheckpoint() == null
        || status.getLatestCheckpoint().getUri() == null) {
      return new Resolution(
          null,
          Blocker.waiting(
              "WaitingForCheckpoint",
              "TrainingRun " + name + " has no checkpoint yet; the job starts with its first one"));
    }
    return new Resolution(status.getLatestCheckpoint().getUri(), null);
  }
}
