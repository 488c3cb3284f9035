package dev.videogen.api.task;

import dev.videogen.api.v1alpha1.TrainingRunSpec;
import dev.videogen.api.v1alpha1.spec.CheckpointSpec;
import dev.videogen.api.v1alpha1.spec.DatasetSpec;
import dev.videogen.api.v1alpha1.spec.ModelSpec;
import dev.videogen.api.v1alpha1.spec.TrainingSpec;
import dev.videogen.api.v1alpha1.spec.TrainingStage;

/**
 * PLACEHOLDER, not yet run by any worker: the training task, carrying the fields of a TrainingRun
 * spec as they are. The issue that runs TrainingRuns end to end defines the real contract (it may
 * change every field here without a version bump while this placeholder is unused).
 *
 * @param autoencoderCheckpoint the resolved checkpoint URI of {@code spec.autoencoder}, or null
 */
public record TrainTask(
    String id,
    ModelSpec model,
    TrainingStage stage,
    String autoencoderCheckpoint,
    DatasetSpec dataset,
    TrainingSpec training,
    CheckpointSpec checkpoint,
    String resumeFrom)
    implements TaskDocument {
  public TrainTask {
    Checks.text(id, "id");
    Checks.present(dataset, "dataset");
    Checks.present(training, "training");
    Checks.present(checkpoint, "checkpoint");
  }

  /** The task for a TrainingRun spec, with its autoencoder reference already resolved. */
  public static TrainTask of(String id, TrainingRunSpec spec, String autoencoderCheckpoint) {
    return new TrainTask(
        id,
        spec.getModel(),
        spec.getStage(),
        autoencoderCheckpoint,
        spec.getDataset(),
        spec.getTraining(),
        spec.getCheckpoint(),
        spec.getResumeFrom());
  }

  @Override
  public String kind() {
    return "Train";
  }
}
