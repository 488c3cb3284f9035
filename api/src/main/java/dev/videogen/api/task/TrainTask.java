package dev.videogen.api.task;

import dev.videogen.api.v1alpha1.TrainingRunSpec;
import dev.videogen.api.v1alpha1.spec.TrainingStage;

/**
 * Train a model: the task of a TrainingRun's single (non-indexed) training pod, a single-task
 * document in its ConfigMap. The worker resumes from the newest complete checkpoint under {@code
 * checkpoint.location}, else starts from {@code resumeFrom} (fine-tuning), else from scratch, and
 * writes checkpoints there every {@code checkpoint.everySteps} steps, at the end and on SIGTERM
 * (docs/training.md).
 *
 * @param id names the task in results, e.g. the TrainingRun's name
 * @param model the architecture; null: the {@code tiny} preset, or with {@code resumeFrom} the
 *     architecture of that checkpoint
 * @param stage Diffusion (when absent): the transformer; Autoencoder: the video VAE
 * @param autoencoderCheckpoint the resolved checkpoint URI of {@code spec.autoencoder}, for latent
 *     diffusion: the transformer trains on this autoencoder's latents
 * @param resumeFrom a checkpoint directory URI to fine-tune from when {@code checkpoint.location}
 *     holds no checkpoint yet: its weights and their average are loaded, the optimiser and step
 *     count start afresh
 */
public record TrainTask(
    String id,
    TrainModel model,
    TrainingStage stage,
    String autoencoderCheckpoint,
    TrainDataset dataset,
    TrainingSettings training,
    CheckpointSettings checkpoint,
    String resumeFrom)
    implements TaskDocument {
  public TrainTask {
    Checks.text(id, "id");
    stage = stage == null ? TrainingStage.Diffusion : stage;
    Checks.optionalUri(autoencoderCheckpoint, "autoencoderCheckpoint");
    Checks.present(dataset, "dataset");
    if (dataset.latentCache() != null && autoencoderCheckpoint == null) {
      throw new IllegalArgumentException(
          "dataset.latentCache caches an autoencoder's latents: it needs autoencoderCheckpoint"
              + " (latent diffusion)");
    }
    Checks.present(training, "training");
    Checks.present(checkpoint, "checkpoint");
    Checks.optionalUri(resumeFrom, "resumeFrom");
    if (model != null && stage == TrainingStage.Autoencoder) {
      if (model.depth() != null
          || model.heads() != null
          || model.patchSize() != null
          || model.textEncoderDepth() != null) {
        throw new IllegalArgumentException(
            "stage Autoencoder takes model.preset, model.width and model.latentChannels only");
      }
    }
    if (model != null && stage == TrainingStage.Diffusion && model.latentChannels() != null) {
      throw new IllegalArgumentException(
          "model.latentChannels applies only to stage Autoencoder: a diffusion model takes its"
              + " channels from its autoencoder");
    }
  }

  /** The task for a TrainingRun spec, with its autoencoder reference already resolved. */
  public static TrainTask of(String id, TrainingRunSpec spec, String autoencoderCheckpoint) {
    return new TrainTask(
        id,
        TrainModel.of(spec.getModel()),
        spec.getStage(),
        autoencoderCheckpoint,
        TrainDataset.of(spec.getDataset()),
        TrainingSettings.of(spec.getTraining()),
        CheckpointSettings.of(spec.getCheckpoint()),
        spec.getResumeFrom());
  }

  @Override
  public String kind() {
    return "Train";
  }
}
