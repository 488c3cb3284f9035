package dev.videogen.worker.train;

import ai.djl.Device;
import dev.videogen.api.v1alpha1.spec.ModelSpec;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.video.Clip;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What each TrainingRun stage trains, behind one {@link Trainable}: a fresh model, an exact resume
 * or a fine-tune from a checkpoint (whose stage its state.json says), and the check that a
 * checkpoint holds the model a run asks for. Stage Diffusion trains the patch-DiT ({@link
 * Trainer}), stage Autoencoder the video VAE ({@link AutoencoderTrainer}, on the first device).
 */
public final class TrainingStages {
  private TrainingStages() {}

  /** A new model of {@code stage} as {@code model} describes it (null: the tiny preset). */
  public static Trainable create(
      TrainingStage stage, ModelSpec model, Hyperparameters hp, List<Device> devices) {
    return switch (stage) {
      case Diffusion ->
          Trainer.create(
              model == null ? DitConfig.tiny() : DitConfig.from(model, Clip.CHANNELS), hp, devices);
      case Autoencoder ->
          AutoencoderTrainer.create(
              VaeConfig.from(model), hp, ReconstructionLoss.DEFAULT, devices.get(0));
    };
  }

  /** Continues {@code checkpoint} exactly, with {@code hp} (null: the saved hyperparameters). */
  public static Trainable resume(Path checkpoint, Hyperparameters hp, List<Device> devices) {
    return switch (CheckpointDirectory.stage(checkpoint)) {
      case Diffusion -> Checkpoint.resume(checkpoint, hp, devices);
      case Autoencoder -> AutoencoderCheckpoint.resume(checkpoint, hp, devices.get(0));
    };
  }

  /** Starts from {@code checkpoint}'s weights with a fresh optimiser at step 0. */
  public static Trainable fineTune(Path checkpoint, Hyperparameters hp, List<Device> devices) {
    return switch (CheckpointDirectory.stage(checkpoint)) {
      case Diffusion -> Checkpoint.fineTune(checkpoint, hp, devices);
      case Autoencoder -> AutoencoderCheckpoint.fineTune(checkpoint, hp, devices.get(0));
    };
  }

  /**
   * Why {@code checkpoint} cannot serve a run of {@code stage} with {@code model} (null: any
   * architecture), on latents or not, as the end of a sentence "… holds …"; empty if it can.
   */
  public static Optional<String> mismatch(
      Path checkpoint, TrainingStage stage, ModelSpec model, boolean latent) {
    TrainingStage saved = CheckpointDirectory.stage(checkpoint);
    if (saved != stage) {
      return Optional.of("a checkpoint of stage " + saved + ", but the task trains stage " + stage);
    }
    if (stage == TrainingStage.Autoencoder) {
      VaeConfig savedConfig = AutoencoderCheckpoint.state(checkpoint).autoencoder();
      // The spec sets the sizes; an autoencoder saved before the shortcuts resumes without them.
      VaeConfig requested = VaeConfig.from(model);
      return model == null
              || savedConfig.equals(
                  new VaeConfig(
                      requested.channels(),
                      requested.latentChannels(),
                      requested.width(),
                      savedConfig.residual()))
          ? Optional.empty()
          : Optional.of(
              "a model " + savedConfig + ", but the task asks for " + VaeConfig.from(model));
    }
    Checkpoint.State state = Checkpoint.state(checkpoint);
    if (latent != (state.latent() != null)) {
      return Optional.of(
          state.latent() != null
              ? "a model on the latents of autoencoder "
                  + state.latent().source()
                  + ", but the task has no autoencoder"
              : "a model on pixels, but the task trains on an autoencoder's latents");
    }
    // A latent model's channels are its autoencoder's, which the spec does not state.
    DitConfig requested = model == null ? null : DitConfig.from(model, state.config().channels());
    return requested == null || state.config().equals(requested)
        ? Optional.empty()
        : Optional.of("a model " + state.config() + ", but the task asks for " + requested);
  }
}
