package dev.videogen.worker.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import dev.videogen.worker.vae.CausalVae;
import dev.videogen.worker.vae.VaeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A checkpoint of the autoencoder stage, in the shared directory form ({@link
 * CheckpointDirectory}):
 *
 * <pre>
 *   autoencoder.ndlist  weights, in the network's parameter order
 *   optimizer.ndlist    AdamW first moments, then second moments
 *   state.json          format, stage (Autoencoder), step, autoencoder config, hyperparameters,
 *                       loss
 *   manifest.json       size and sha256 of each file above: written last
 * </pre>
 *
 * With the step (all of the random state) this resumes exactly. Latent diffusion reads only the
 * weights ({@link #load}). Format 3 records the {@link ReconstructionLoss}, which a resumed run
 * keeps; formats 1 and 2 read as {@link ReconstructionLoss#MSE}, the only loss then. Format 2
 * records whether the autoencoder has residual shortcuts; format 1, written before they existed,
 * reads as an autoencoder without them.
 */
public final class AutoencoderCheckpoint {
  public static final int FORMAT = 3;

  /** Format 1 was written before {@code VaeConfig.residual}: absent, it reads as false. */
  static final int FORMAT_BEFORE_RESIDUAL = 1;

  static final String WEIGHTS = "autoencoder.ndlist";

  /** What state.json holds; {@code loss} absent (before format 3) reads as MSE. */
  public record State(
      int format,
      TrainingStage stage,
      long step,
      VaeConfig autoencoder,
      Hyperparameters hyperparameters,
      ReconstructionLoss loss) {
    public State {
      if (loss == null) {
        loss = ReconstructionLoss.MSE;
      }
    }
  }

  private AutoencoderCheckpoint() {}

  /** Saves {@code trainer}'s state as {@code dir/step-<n>} and returns that directory. */
  public static Path save(AutoencoderTrainer trainer, Path dir) {
    State state =
        new State(
            FORMAT,
            TrainingStage.Autoencoder,
            trainer.step(),
            trainer.config(),
            trainer.hyperparameters(),
            trainer.loss());
    Map<String, CheckpointDirectory.FileWriter> files = new LinkedHashMap<>();
    files.put(
        WEIGHTS,
        file ->
            CheckpointDirectory.writeArrays(
                file, CheckpointDirectory.arrays(trainer.parameters())));
    files.put(
        "optimizer.ndlist",
        file -> CheckpointDirectory.writeArrays(file, trainer.optimizer().state()));
    files.put(
        CheckpointDirectory.STATE,
        file -> CheckpointDirectory.JSON.writeValue(file.toFile(), state));
    return CheckpointDirectory.save(dir, trainer.step(), FORMAT, files);
  }

  /**
   * The state of an autoencoder checkpoint.
   *
   * @throws IllegalArgumentException if it is incomplete, of another stage or of a newer format
   */
  public static State state(Path checkpoint) {
    JsonNode json = CheckpointDirectory.state(checkpoint); // the files verified, once
    TrainingStage stage = CheckpointDirectory.stageOf(json);
    if (stage != TrainingStage.Autoencoder) {
      throw new IllegalArgumentException(
          checkpoint
              + " is a checkpoint of stage "
              + stage
              + ", not an autoencoder: spec.autoencoder names a TrainingRun of stage Autoencoder"
              + " or one of its checkpoints");
    }
    // The format first: a newer one may have fields this worker does not map.
    int format = CheckpointDirectory.format(json);
    if (format < FORMAT_BEFORE_RESIDUAL || format > FORMAT) {
      throw new IllegalArgumentException(
          checkpoint
              + " has autoencoder checkpoint format "
              + format
              + "; this worker reads formats "
              + FORMAT_BEFORE_RESIDUAL
              + " to "
              + FORMAT
              + " (a newer format needs a newer worker)");
    }
    return CheckpointDirectory.as(json, State.class);
  }

  /**
   * A trainer that continues from {@code checkpoint} exactly, with its loss (null {@code hp}: the
   * saved hyperparameters).
   */
  public static AutoencoderTrainer resume(Path checkpoint, Hyperparameters hp, Device device) {
    State state = state(checkpoint);
    AutoencoderTrainer trainer =
        AutoencoderTrainer.create(
            state.autoencoder(), hp != null ? hp : state.hyperparameters(), state.loss(), device);
    try (NDManager scratch = trainer.manager().newSubManager()) {
      CheckpointDirectory.load(
          trainer.parameters(),
          CheckpointDirectory.readArrays(scratch, checkpoint.resolve(WEIGHTS)),
          "autoencoder checkpoint " + checkpoint);
      trainer
          .optimizer()
          .load(
              CheckpointDirectory.readArrays(scratch, checkpoint.resolve("optimizer.ndlist")),
              state.step());
    }
    trainer.restoreStep(state.step());
    return trainer;
  }

  /**
   * A trainer that starts from {@code checkpoint}'s weights with a fresh optimiser, at step 0: a
   * new run, with the default loss.
   */
  public static AutoencoderTrainer fineTune(Path checkpoint, Hyperparameters hp, Device device) {
    State state = state(checkpoint);
    AutoencoderTrainer trainer =
        AutoencoderTrainer.create(state.autoencoder(), hp, ReconstructionLoss.DEFAULT, device);
    try (NDManager scratch = trainer.manager().newSubManager()) {
      CheckpointDirectory.load(
          trainer.parameters(),
          CheckpointDirectory.readArrays(scratch, checkpoint.resolve(WEIGHTS)),
          "autoencoder checkpoint " + checkpoint);
    }
    return trainer;
  }

  /** The trained autoencoder of {@code checkpoint}, its weights in {@code manager}. */
  public static CausalVae load(Path checkpoint, NDManager manager) {
    State state = state(checkpoint);
    CausalVae vae = CausalVae.create(state.autoencoder(), manager);
    try (NDManager scratch = manager.newSubManager()) {
      CheckpointDirectory.load(
          new ArrayList<>(vae.getParameters().values()),
          CheckpointDirectory.readArrays(scratch, checkpoint.resolve(WEIGHTS)),
          "autoencoder checkpoint " + checkpoint);
    }
    return vae;
  }
}
