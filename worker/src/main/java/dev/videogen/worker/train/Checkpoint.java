package dev.videogen.worker.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.vae.CausalVae;
import dev.videogen.worker.vae.LatentSpace;
import dev.videogen.worker.vae.VaeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A diffusion training checkpoint: a directory {@code step-<n>} ({@link CheckpointDirectory})
 * holding everything an exact resume needs.
 *
 * <pre>
 *   model.ndlist      weights, in the model's parameter order
 *   ema.ndlist        their moving average (what sampling uses)
 *   optimizer.ndlist  AdamW first moments, then second moments
 *   state.json        format, step, model config, hyperparameters
 *   manifest.json     size and sha256 of each file above: written last
 * </pre>
 *
 * The random state is the seed and the step (see {@code Noise}).
 *
 * <p>Formats: 2 adds the frame conditioning's weights. A format-1 checkpoint (written before frame
 * conditioning) still loads, for sampling and for resuming: the conditioning weights start at zero,
 * where the model computes exactly what the old one did, with zero optimiser moments; its state has
 * no task mix, so resuming it with its own hyperparameters keeps training text to video only.
 * Format 3 records what the output head predicts ({@code config.prediction}, see {@code
 * Prediction}); the arrays are as in format 2, and a configuration of format 1 or 2 has no such
 * field and reads as velocity prediction, which is what those models learned. Format 4 is a
 * latent-space model: format 3 plus {@code autoencoder.ndlist}, the weights of the autoencoder it
 * works through, and {@code latent} in its state (that autoencoder's configuration and source, and
 * the shift and scale of its latents), so the checkpoint alone renders videos. Format 5 is format 4
 * whose autoencoder configuration records {@code residual} (see {@code VaeConfig}); in format 4 it
 * is absent and reads as false, which is what those autoencoders were. Pixel-space checkpoints are
 * still written as format 3.
 */
public final class Checkpoint {
  /** The format of a pixel-space checkpoint. */
  public static final int FORMAT = 3;

  /** The format of a latent-space checkpoint: format 3 with its autoencoder. */
  public static final int FORMAT_LATENT = 5;

  static final String AUTOENCODER = "autoencoder.ndlist";

  /** The format of checkpoints written before frame conditioning. */
  static final int FORMAT_BEFORE_CONDITIONING = 1;

  static final List<String> FILES =
      List.of("model.ndlist", "ema.ndlist", "optimizer.ndlist", "state.json");
  private static final ObjectMapper JSON = CheckpointDirectory.JSON;

  /**
   * What state.json holds.
   *
   * @param latent the autoencoder of a latent-space model (formats 4 and 5); absent on pixels
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record State(
      int format, long step, DitConfig config, Hyperparameters hyperparameters, Latent latent) {}

  /**
   * The latent space of a latent-space model: its autoencoder's configuration (the weights are
   * {@code autoencoder.ndlist}), where they came from, and the normalisation of the latents.
   */
  public record Latent(String source, VaeConfig autoencoder, float shift, float scale) {}

  private Checkpoint() {}

  /** Saves {@code trainer}'s state as {@code dir/step-<n>} and returns that directory. */
  public static Path save(Trainer trainer, Path dir) {
    LatentAutoencoder latent = trainer.latentSpace();
    State state =
        new State(
            latent == null ? FORMAT : FORMAT_LATENT,
            trainer.step(),
            trainer.config(),
            trainer.hyperparameters(),
            latent == null
                ? null
                : new Latent(
                    latent.source(),
                    latent.space().vae().config(),
                    latent.space().shift(),
                    latent.space().scale()));
    Map<String, CheckpointDirectory.FileWriter> files = new LinkedHashMap<>();
    files.put(
        "model.ndlist", file -> CheckpointDirectory.writeArrays(file, weights(trainer.model())));
    if (latent != null) {
      files.put(
          AUTOENCODER,
          file ->
              CheckpointDirectory.writeArrays(
                  file,
                  CheckpointDirectory.arrays(
                      new ArrayList<>(latent.space().vae().getParameters().values()))));
    }
    files.put("ema.ndlist", file -> CheckpointDirectory.writeArrays(file, trainer.ema().state()));
    files.put(
        "optimizer.ndlist",
        file -> CheckpointDirectory.writeArrays(file, trainer.optimizer().state()));
    files.put(CheckpointDirectory.STATE, file -> JSON.writeValue(file.toFile(), state));
    return CheckpointDirectory.save(dir, trainer.step(), state.format(), files);
  }

  /** The complete checkpoint with the highest step in {@code dir}, if any (of any stage). */
  public static Optional<Path> latest(Path dir) {
    return CheckpointDirectory.latest(dir);
  }

  /** Whether {@code checkpoint} is complete: see {@link CheckpointDirectory#isComplete}. */
  public static boolean isComplete(Path checkpoint) {
    return CheckpointDirectory.isComplete(checkpoint);
  }

  /** The step {@code checkpoint}'s manifest names (-1 if it cannot be read). */
  static long manifestStep(Path checkpoint) {
    return CheckpointDirectory.step(checkpoint);
  }

  /**
   * The state of a diffusion checkpoint.
   *
   * @throws IllegalArgumentException if it is incomplete, of another stage, or of a newer format
   */
  public static State state(Path checkpoint) {
    JsonNode json = CheckpointDirectory.state(checkpoint); // the files verified, once
    TrainingStage stage = CheckpointDirectory.stageOf(json);
    if (stage != TrainingStage.Diffusion) {
      throw new IllegalArgumentException(
          "it is a checkpoint of stage "
              + stage
              + ", not a diffusion model: videos are rendered by a Diffusion checkpoint (an"
              + " autoencoder is named by a diffusion TrainingRun's spec.autoencoder)");
    }
    // The format first: a newer one may have fields this worker does not map.
    int format = CheckpointDirectory.format(json);
    if (format < FORMAT_BEFORE_CONDITIONING || format > FORMAT_LATENT) {
      throw new IllegalArgumentException(
          checkpoint
              + " has checkpoint format "
              + format
              + "; this worker reads formats "
              + FORMAT_BEFORE_CONDITIONING
              + " to "
              + FORMAT_LATENT
              + " (a newer format needs a newer worker)");
    }
    return CheckpointDirectory.as(json, State.class);
  }

  /** A trainer that continues from {@code checkpoint} with {@code hp} (null: the saved ones). */
  public static Trainer resume(Path checkpoint, Hyperparameters hp) {
    return resume(checkpoint, hp, List.of(Engine.getInstance().defaultDevice()));
  }

  /**
   * A trainer on {@code devices} that continues from {@code checkpoint} exactly: weights, their
   * average, the optimiser's moments and the step (which is all of the random state).
   */
  public static Trainer resume(Path checkpoint, Hyperparameters hp, List<Device> devices) {
    State state = state(checkpoint);
    Trainer trainer =
        Trainer.create(state.config(), hp != null ? hp : state.hyperparameters(), devices);
    PatchDit model = trainer.model();
    int format = state.format();
    try (NDManager scratch = trainer.manager().newSubManager()) {
      load(
          model,
          CheckpointDirectory.readArrays(scratch, checkpoint.resolve("model.ndlist")),
          format);
      NDList ema = CheckpointDirectory.readArrays(scratch, checkpoint.resolve("ema.ndlist"));
      NDList moments =
          CheckpointDirectory.readArrays(scratch, checkpoint.resolve("optimizer.ndlist"));
      if (format == FORMAT_BEFORE_CONDITIONING) {
        // The new weights' average is their (zero) value, their moments zero.
        ema = withNewParameters(model, ema, Parameter::getArray);
        int half = moments.size() / 2;
        NDList means = withNewParameters(model, moments.subNDList(0, half), p -> zeros(scratch, p));
        NDList variances =
            withNewParameters(model, moments.subNDList(half), p -> zeros(scratch, p));
        moments = new NDList(means);
        moments.addAll(variances);
      }
      trainer.ema().load(ema);
      trainer.optimizer().load(moments, state.step());
    }
    trainer.restoreStep(state.step());
    trainer.synchronizeReplicas();
    latentSpace(checkpoint, state, trainer.manager()).ifPresent(trainer::useLatentSpace);
    return trainer;
  }

  /**
   * A trainer on {@code devices} that fine-tunes {@code checkpoint}: its weights and their average
   * are loaded, while the optimiser starts with zero moments and the step count at 0, so warmup and
   * the learning-rate schedule run afresh under {@code hp}.
   */
  public static Trainer fineTune(Path checkpoint, Hyperparameters hp, List<Device> devices) {
    State state = state(checkpoint);
    Trainer trainer = Trainer.create(state.config(), hp, devices);
    PatchDit model = trainer.model();
    try (NDManager scratch = trainer.manager().newSubManager()) {
      load(
          model,
          CheckpointDirectory.readArrays(scratch, checkpoint.resolve("model.ndlist")),
          state.format());
      NDList ema = CheckpointDirectory.readArrays(scratch, checkpoint.resolve("ema.ndlist"));
      if (state.format() == FORMAT_BEFORE_CONDITIONING) {
        ema = withNewParameters(model, ema, Parameter::getArray);
      }
      trainer.ema().load(ema);
    }
    trainer.synchronizeReplicas();
    latentSpace(checkpoint, state, trainer.manager()).ifPresent(trainer::useLatentSpace);
    return trainer;
  }

  /** The model of {@code checkpoint} for sampling, with its averaged (EMA) weights. */
  public static PatchDit loadForSampling(Path checkpoint, NDManager manager) {
    return loadForSampling(checkpoint, state(checkpoint), manager);
  }

  /** {@link #loadForSampling(Path, NDManager)} with the checkpoint's state already read. */
  public static PatchDit loadForSampling(Path checkpoint, State state, NDManager manager) {
    PatchDit model = PatchDit.create(state.config(), manager);
    try (NDManager scratch = manager.newSubManager()) {
      load(
          model,
          CheckpointDirectory.readArrays(scratch, checkpoint.resolve("ema.ndlist")),
          state.format());
    }
    return model;
  }

  /**
   * The autoencoder a latent-space checkpoint renders through, its weights in {@code manager};
   * empty for a pixel-space one.
   */
  public static Optional<LatentAutoencoder> latentSpace(Path checkpoint, NDManager manager) {
    return latentSpace(checkpoint, state(checkpoint), manager);
  }

  /** {@link #latentSpace(Path, NDManager)} with the checkpoint's state already read. */
  public static Optional<LatentAutoencoder> latentSpace(
      Path checkpoint, State state, NDManager manager) {
    Latent latent = state.latent();
    if (latent == null) {
      return Optional.empty();
    }
    CausalVae vae = CausalVae.create(latent.autoencoder(), manager);
    try (NDManager scratch = manager.newSubManager()) {
      CheckpointDirectory.load(
          new ArrayList<>(vae.getParameters().values()),
          CheckpointDirectory.readArrays(scratch, checkpoint.resolve(AUTOENCODER)),
          "the autoencoder of " + checkpoint);
    }
    return Optional.of(
        new LatentAutoencoder(
            latent.source(), new LatentSpace(vae, latent.shift(), latent.scale())));
  }

  /** The parameters a checkpoint of {@code format} holds, in their order. */
  private static List<Parameter> stored(PatchDit model, int format) {
    List<Parameter> all = new ArrayList<>(model.trainableParameters());
    if (format == FORMAT_BEFORE_CONDITIONING) {
      all.removeAll(model.conditioningParameters());
    }
    return all;
  }

  /**
   * Format-1 arrays (one per stored parameter) as one per model parameter: {@code fill} gives the
   * frame conditioning's.
   */
  private static NDList withNewParameters(
      PatchDit model, NDList old, Function<Parameter, NDArray> fill) {
    List<Parameter> stored = stored(model, FORMAT_BEFORE_CONDITIONING);
    if (old.size() != stored.size()) {
      throw new IllegalArgumentException(
          "format-1 checkpoint has " + old.size() + " arrays, the model " + stored.size());
    }
    NDList out = new NDList();
    int next = 0;
    for (Parameter p : model.trainableParameters()) {
      out.add(stored.contains(p) ? old.get(next++) : fill.apply(p));
    }
    return out;
  }

  private static NDArray zeros(NDManager manager, Parameter p) {
    return manager.zeros(p.getArray().getShape(), p.getArray().getDataType());
  }

  private static NDList weights(PatchDit model) {
    return CheckpointDirectory.arrays(model.trainableParameters());
  }

  private static void load(PatchDit model, NDList arrays, int format) {
    CheckpointDirectory.load(stored(model, format), arrays, "checkpoint (format " + format + ")");
  }
}
