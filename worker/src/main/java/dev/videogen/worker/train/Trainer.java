package dev.videogen.worker.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.videogen.worker.diffusion.Noise;
import dev.videogen.worker.diffusion.RectifiedFlow;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.FrameConditioning;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.model.Patchify;
import dev.videogen.worker.model.TextBatch;
import dev.videogen.worker.vae.VaeConfig;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link PatchDit} with the rectified-flow loss: one call of {@link #step} is one AdamW
 * update. Each clip of a step gets a task from the {@link TaskMix}: its given frames enter the
 * noisy input clean and the model's frame conditioning, and the loss covers the other frames. Every
 * random draw of step s is a function of (seed, s) (see {@link Noise}), so a run resumed from a
 * checkpoint continues exactly as if it had never stopped.
 *
 * <p>On several devices (the GPUs of one pod) it trains data-parallel ({@link DataParallel}): the
 * batch is split across one model replica per device and the update is the whole batch's.
 *
 * <p>Memory: each step's arrays live in a sub-manager closed at the end of the step; only the
 * weights, their gradients, the optimiser moments and the EMA outlive it.
 */
public final class Trainer implements Trainable {
  private final DitConfig config;
  private final Hyperparameters hp;
  private final NDManager manager;
  private final PatchDit model;
  private final ParameterStore parameterStore;
  private final List<Parameter> parameters;
  private final AdamW optimizer;
  private final Ema ema;
  private final LearningRate schedule;
  private final DataParallel replicas;
  private LatentAutoencoder latent;
  private long step;
  private long skipped;
  private int consecutiveSkipped;
  static final int MAX_CONSECUTIVE_SKIPPED = 10;

  private Trainer(
      DitConfig config,
      Hyperparameters hp,
      NDManager manager,
      PatchDit model,
      List<Device> otherDevices) {
    this.config = config;
    this.hp = hp;
    this.manager = manager;
    this.model = model;
    this.parameterStore = new ParameterStore(manager, false);
    this.parameters = model.trainableParameters();
    this.optimizer = new AdamW(parameters, manager, 0.9f, 0.999f, 1e-8f);
    this.ema = new Ema(parameters, manager);
    this.schedule = hp.schedule();
    this.replicas =
        new DataParallel(
            config,
            new DataParallel.Replica(manager.getDevice(), manager, model, parameterStore),
            otherDevices);
  }

  /** A new model initialised from {@code hp.seed()}, on the default device. */
  public static Trainer create(DitConfig config, Hyperparameters hp) {
    return create(config, hp, List.of(Engine.getInstance().defaultDevice()));
  }

  /**
   * A new model initialised from {@code hp.seed()}, trained data-parallel on {@code devices} (one
   * replica each, see {@link DataParallel}); the first holds the optimiser and the EMA.
   */
  public static Trainer create(DitConfig config, Hyperparameters hp, List<Device> devices) {
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("training needs at least one device");
    }
    Engine.getInstance().setRandomSeed((int) hp.seed());
    NDManager manager = NDManager.newBaseManager(devices.get(0));
    return new Trainer(
        config, hp, manager, PatchDit.create(config, manager), devices.subList(1, devices.size()));
  }

  /** What one step did. */
  public record StepResult(
      long step, double loss, double gradientNorm, double learningRate, double seconds) {}

  /**
   * One optimiser step on {@code batch}. Every random draw is made for the whole batch before it is
   * split across devices, so the step is the same on any number of them.
   */
  @Override
  public StepResult step(TrainingBatch batch) {
    long started = System.nanoTime();
    step++;
    Shape shape = batch.shape();
    int b = (int) shape.get(0);
    int perClip = (int) (shape.size() / b);
    float[] noise = Noise.gaussian(random(Noise.Stream.NOISE), (int) shape.size());
    long padded = (shape.get(2) + config.patchT() - 1) / config.patchT() * config.patchT();
    int[] grid = Patchify.grid(config, padded, shape.get(3), shape.get(4));
    double shift = RectifiedFlow.shiftFor((long) grid[0] * grid[1] * grid[2]);
    float[] times = RectifiedFlow.sampleTimes(random(Noise.Stream.TIMESTEP), b, shift);
    SplittableRandom dropout = random(Noise.Stream.PROMPT_DROPOUT);
    boolean[] keep = new boolean[b];
    for (int i = 0; i < b; i++) {
      keep[i] = dropout.nextDouble() >= hp.promptDropout();
    }
    // The task of each clip, as the frames it is given clean (none for text to video).
    int frames = (int) shape.get(2);
    float[] masks = hp.tasks().masks(random(Noise.Stream.TASK), b, frames);
    boolean anyGiven = anyGiven(masks);
    // Rendered frames of the whole batch: each chunk's loss is its share of their mean, so the
    // chunks add up to the batch's loss on any number of devices.
    double renderedFrames = (double) b * frames - sum(masks);
    double loss =
        replicas.lossAndGradients(
            b,
            (replica, scope, from, to) -> {
              Shape chunk =
                  new Shape(to - from, shape.get(1), shape.get(2), shape.get(3), shape.get(4));
              NDArray data =
                  scope.create(slice(batch.video(), from * perClip, to * perClip), chunk);
              NDArray eps = scope.create(slice(noise, from * perClip, to * perClip), chunk);
              NDArray t = scope.create(slice(times, from, to));
              TextBatch text =
                  TextBatch.of(
                      scope,
                      batch.prompts().subList(from, to),
                      Arrays.copyOfRange(keep, from, to),
                      config.textLength());
              NDArray noisy = RectifiedFlow.interpolate(data, eps, t);
              NDArray target = RectifiedFlow.velocity(data, eps);
              float[] chunkMasks = slice(masks, from * frames, to * frames);
              if (anyGiven) {
                NDArray frameMask =
                    scope.create(chunkMasks, new Shape(to - from, frames)); // (B, T)
                NDArray given = FrameConditioning.given(frameMask, chunk);
                noisy = FrameConditioning.keepGiven(noisy, data, given);
                // (B, C + 1, T, H, W): the given frames and the mask
                NDArray conditioning = FrameConditioning.input(data, frameMask);
                NDArray predicted =
                    replica.model().velocity(replica.store(), noisy, t, text, conditioning, true);
                // The loss covers the frames the model renders, not the ones it was given.
                NDArray renderedShare =
                    scope.full(
                        new Shape(),
                        (float) (renderedFrames * (to - from) / b),
                        predicted.getDataType());
                return RectifiedFlow.loss(
                    predicted, target, frameMask.neg().add(1f), renderedShare);
              }
              NDArray predicted = replica.model().velocity(replica.store(), noisy, t, text, true);
              return RectifiedFlow.loss(predicted, target);
            });
    double rate = schedule.at(step);
    try (NDManager scope = manager.newSubManager()) {
      List<NDArray> gradients = replicas.gradients(scope);
      double norm = GradientNorm.ofGradients(gradients);
      if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
        // A non-finite loss or gradient would poison every weight: drop this step's update (as
        // mixed-precision loss scalers do) and count it; only a run of them stops training.
        replicas.zeroGradients();
        skipped++;
        if (++consecutiveSkipped >= MAX_CONSECUTIVE_SKIPPED) {
          throw TrainingFailure.diverged(
              "loss or gradient not finite for "
                  + consecutiveSkipped
                  + " steps in a row (last: step "
                  + step
                  + ", loss "
                  + loss
                  + "): lower the learning rate or the clip norm");
        }
        return new StepResult(step, loss, norm, 0, (System.nanoTime() - started) / 1e9);
      }
      consecutiveSkipped = 0;
      optimizer.update(
          (float) rate,
          (float) hp.weightDecay(),
          GradientNorm.clipFactor(norm, hp.clipNorm()),
          gradients);
      replicas.zeroGradients(gradients);
      // EMA warm-up (as in TensorFlow's ExponentialMovingAverage with num_updates): early averages
      // would otherwise be dominated by the random initial weights.
      ema.update((float) Math.min(hp.emaDecay(), (1.0 + step) / (10.0 + step)));
      replicas.broadcast();
      return new StepResult(step, loss, norm, rate, (System.nanoTime() - started) / 1e9);
    }
  }

  private static float[] slice(float[] values, int from, int to) {
    return from == 0 && to == values.length ? values : Arrays.copyOfRange(values, from, to);
  }

  private static double sum(float[] values) {
    double total = 0;
    for (float v : values) {
      total += v;
    }
    return total;
  }

  private static boolean anyGiven(float[] masks) {
    for (float m : masks) {
      if (m > 0) {
        return true;
      }
    }
    return false;
  }

  private SplittableRandom random(Noise.Stream stream) {
    return Noise.random(hp.seed(), step, stream);
  }

  @Override
  public long step() {
    return step;
  }

  @Override
  public java.nio.file.Path save(java.nio.file.Path dir) {
    return Checkpoint.save(this, dir);
  }

  /**
   * On pixels, sides down to multiples of the patch; on latents, clips its autoencoder takes whose
   * latents fit the patches (1 + 4k frames, sides multiples of 8 × the patch).
   */
  @Override
  public List<dev.videogen.worker.world.SyntheticDataset.Bucket> fit(
      List<dev.videogen.worker.world.SyntheticDataset.Bucket> sizes) {
    if (latent == null) {
      return TrainingSizes.forPatches(sizes, config.patchH(), config.patchW());
    }
    return TrainingSizes.forAutoencoder(
        sizes, VaeConfig.SPACE * config.patchH(), VaeConfig.SPACE * config.patchW());
  }

  /**
   * Trains on the latents of {@code autoencoder} from now on: the model's channels must be its
   * latent channels. Its weights and latent normalisation go into every checkpoint.
   */
  public void useLatentSpace(LatentAutoencoder autoencoder) {
    if (autoencoder.space().channels() != config.channels()) {
      throw new IllegalArgumentException(
          "a model of "
              + config.channels()
              + " channels cannot train on "
              + autoencoder.space().channels()
              + "-channel latents");
    }
    this.latent = autoencoder;
  }

  /** The autoencoder whose latents the model trains on; null on pixels. */
  public LatentAutoencoder latentSpace() {
    return latent;
  }

  @Override
  public long parameterCount() {
    return model.parameterCount();
  }

  /** Steps whose update was dropped because the gradient was not finite. */
  public long skippedSteps() {
    return skipped;
  }

  /** Sets the step counter (used when restoring a checkpoint). */
  void restoreStep(long step) {
    this.step = step;
  }

  /** Copies the weights to the other devices' replicas (after loading a checkpoint). */
  void synchronizeReplicas() {
    replicas.broadcast();
  }

  DataParallel replicas() {
    return replicas;
  }

  /** Devices training runs on: one model replica each. */
  @Override
  public int deviceCount() {
    return replicas.size();
  }

  public PatchDit model() {
    return model;
  }

  public DitConfig config() {
    return config;
  }

  @Override
  public Hyperparameters hyperparameters() {
    return hp;
  }

  public ParameterStore parameterStore() {
    return parameterStore;
  }

  public NDManager manager() {
    return manager;
  }

  AdamW optimizer() {
    return optimizer;
  }

  public Ema ema() {
    return ema;
  }

  @Override
  public void close() {
    replicas.close();
    ema.close();
    optimizer.close();
    manager.close();
  }
}
