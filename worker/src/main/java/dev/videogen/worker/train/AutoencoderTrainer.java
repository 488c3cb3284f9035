package dev.videogen.worker.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.videogen.worker.diffusion.Noise;
import dev.videogen.worker.vae.CausalVae;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.world.SyntheticDataset.Bucket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains the video autoencoder (TrainingRun {@code stage: Autoencoder}): one call of {@link #step}
 * is one AdamW update of a {@link ReconstructionLoss} (new runs: {@link
 * ReconstructionLoss#DEFAULT}) + {@value #KL_WEIGHT} · KL(posterior ‖ N(0, 1)), the reported loss
 * being the reconstruction's MSE. Clips must have 1 + 4k frames and sides that divide by 8. The
 * posterior sample's noise of step s is drawn from (seed, s) (see {@link Noise}), so a resumed run
 * continues exactly.
 *
 * <p>One device: the autoencoder is small next to the transformer, and on a pod with several GPUs
 * it trains on the first.
 */
public final class AutoencoderTrainer implements Trainable {
  /** Weight of the KL term: small, as latent-diffusion VAEs use, so latents stay informative. */
  public static final double KL_WEIGHT = 1e-4;

  private final VaeConfig config;
  private final Hyperparameters hp;
  private final ReconstructionLoss loss;
  private final NDManager manager;
  private final CausalVae vae;
  private final ParameterStore parameterStore;
  private final List<Parameter> parameters;
  private final AdamW optimizer;
  private final LearningRate schedule;
  private long step;
  private int consecutiveSkipped;

  private AutoencoderTrainer(
      VaeConfig config, Hyperparameters hp, ReconstructionLoss loss, NDManager manager) {
    this.config = config;
    this.hp = hp;
    this.loss = loss;
    this.manager = manager;
    this.vae = CausalVae.create(config, manager);
    this.parameterStore = new ParameterStore(manager, false);
    this.parameters = new ArrayList<>(vae.getParameters().values());
    this.optimizer = new AdamW(parameters, manager, 0.9f, 0.999f, 1e-8f);
    this.schedule = hp.schedule();
  }

  /**
   * A new autoencoder initialised from {@code hp.seed()} on {@code device}, to minimise {@code
   * loss}.
   */
  public static AutoencoderTrainer create(
      VaeConfig config, Hyperparameters hp, ReconstructionLoss loss, Device device) {
    Engine.getInstance().setRandomSeed((int) hp.seed());
    return new AutoencoderTrainer(config, hp, loss, NDManager.newBaseManager(device));
  }

  @Override
  public Trainer.StepResult step(TrainingBatch batch) {
    long started = System.nanoTime();
    step++;
    Shape s = batch.shape();
    // The posterior sample's noise, (B, z, 1 + k, H/8, W/8); the shape checks the clip's size.
    Shape latent = config.latentShape(s);
    float[] noise =
        Noise.gaussian(Noise.random(hp.seed(), step, Noise.Stream.NOISE), (int) latent.size());
    try (NDManager scope = manager.newSubManager()) {
      NDArray video = scope.create(batch.video(), s);
      NDArray eps = scope.create(noise, latent);
      NDArray klWeight = scope.full(new Shape(), (float) KL_WEIGHT);
      double mse;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDList out = vae.forward(parameterStore, new NDList(video, eps), true);
        NDArray error = out.get(0).sub(video); // (B, 3, 1 + 4k, H, W)
        NDArray squared = error.square().mean();
        NDArray objective = loss.objective(error, squared);
        collector.backward(objective.add(CausalVae.kl(out.get(1), out.get(2)).mul(klWeight)));
        mse = squared.getFloat();
      }
      List<NDArray> gradients = GradientNorm.gradients(parameters, scope);
      double norm = GradientNorm.ofGradients(gradients);
      if (!Double.isFinite(mse) || !Double.isFinite(norm)) {
        // As the transformer's trainer: drop a non-finite update; only a run of them stops.
        optimizer.zeroGradients();
        if (++consecutiveSkipped >= Trainer.MAX_CONSECUTIVE_SKIPPED) {
          throw TrainingFailure.diverged(
              "autoencoder loss or gradient not finite for "
                  + consecutiveSkipped
                  + " steps in a row (last: step "
                  + step
                  + "): lower the learning rate or the clip norm");
        }
        return new Trainer.StepResult(step, mse, norm, 0, (System.nanoTime() - started) / 1e9);
      }
      consecutiveSkipped = 0;
      double rate = schedule.at(step);
      optimizer.update(
          (float) rate,
          (float) hp.weightDecay(),
          GradientNorm.clipFactor(norm, hp.clipNorm()),
          gradients);
      optimizer.zeroGradients();
      return new Trainer.StepResult(step, mse, norm, rate, (System.nanoTime() - started) / 1e9);
    }
  }

  @Override
  public long step() {
    return step;
  }

  /** Sets the step counter (used when restoring a checkpoint). */
  void restoreStep(long step) {
    this.step = step;
  }

  @Override
  public Path save(Path dir) {
    return AutoencoderCheckpoint.save(this, dir);
  }

  /** 1 + 4k frames, sides multiples of 8. */
  @Override
  public List<Bucket> fit(List<Bucket> sizes) {
    return TrainingSizes.forAutoencoder(sizes, VaeConfig.SPACE, VaeConfig.SPACE);
  }

  @Override
  public long parameterCount() {
    long count = 0;
    for (Parameter p : parameters) {
      count += p.getShape().size();
    }
    return count;
  }

  @Override
  public int deviceCount() {
    return 1;
  }

  @Override
  public Hyperparameters hyperparameters() {
    return hp;
  }

  public VaeConfig config() {
    return config;
  }

  /** What this run minimises (recorded in its checkpoints). */
  public ReconstructionLoss loss() {
    return loss;
  }

  public CausalVae autoencoder() {
    return vae;
  }

  public ParameterStore parameterStore() {
    return parameterStore;
  }

  NDManager manager() {
    return manager;
  }

  List<Parameter> parameters() {
    return parameters;
  }

  AdamW optimizer() {
    return optimizer;
  }

  @Override
  public void close() {
    optimizer.close();
    manager.close();
  }
}
