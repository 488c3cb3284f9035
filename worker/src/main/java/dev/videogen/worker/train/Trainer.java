package dev.videogen.worker.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.videogen.worker.diffusion.Noise;
import dev.videogen.worker.diffusion.RectifiedFlow;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.FrameConditioning;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.model.Patchify;
import dev.videogen.worker.model.TextBatch;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link PatchDit} with the rectified-flow loss: one call of {@link #step} is one AdamW
 * update. Each clip of a step gets a task from the {@link TaskMix}: its given frames enter the
 * noisy input clean and the model's frame conditioning, and the loss covers the other frames. Every
 * random draw of step s is a function of (seed, s) (see {@link Noise}), so a run resumed from a
 * checkpoint continues exactly as if it had never stopped.
 *
 * <p>Memory: each step's arrays live in a sub-manager closed at the end of the step; only the
 * weights, their gradients, the optimiser moments and the EMA outlive it.
 */
public final class Trainer implements AutoCloseable {
  private final DitConfig config;
  private final Hyperparameters hp;
  private final NDManager manager;
  private final PatchDit model;
  private final ParameterStore parameterStore;
  private final List<Parameter> parameters;
  private final AdamW optimizer;
  private final Ema ema;
  private final LearningRate schedule;
  private long step;
  private long skipped;
  private int consecutiveSkipped;
  static final int MAX_CONSECUTIVE_SKIPPED = 10;

  private Trainer(DitConfig config, Hyperparameters hp, NDManager manager, PatchDit model) {
    this.config = config;
    this.hp = hp;
    this.manager = manager;
    this.model = model;
    this.parameterStore = new ParameterStore(manager, false);
    this.parameters = model.trainableParameters();
    this.optimizer = new AdamW(parameters, manager, 0.9f, 0.999f, 1e-8f);
    this.ema = new Ema(parameters, manager);
    this.schedule = hp.schedule();
  }

  /** A new model initialised from {@code hp.seed()}. */
  public static Trainer create(DitConfig config, Hyperparameters hp) {
    Engine.getInstance().setRandomSeed((int) hp.seed());
    NDManager manager = NDManager.newBaseManager();
    return new Trainer(config, hp, manager, PatchDit.create(config, manager));
  }

  /** What one step did. */
  public record StepResult(
      long step, double loss, double gradientNorm, double learningRate, double seconds) {}

  /** One optimiser step on {@code batch}. */
  public StepResult step(TrainingBatch batch) {
    long started = System.nanoTime();
    step++;
    Shape shape = batch.shape();
    int b = (int) shape.get(0);
    double loss;
    try (NDManager scope = manager.newSubManager()) {
      NDArray data = scope.create(batch.video(), shape);
      NDArray noise =
          scope.create(Noise.gaussian(random(Noise.Stream.NOISE), (int) shape.size()), shape);
      long padded = (shape.get(2) + config.patchT() - 1) / config.patchT() * config.patchT();
      int[] grid = Patchify.grid(config, padded, shape.get(3), shape.get(4));
      double shift = RectifiedFlow.shiftFor((long) grid[0] * grid[1] * grid[2]);
      NDArray t = scope.create(RectifiedFlow.sampleTimes(random(Noise.Stream.TIMESTEP), b, shift));
      SplittableRandom dropout = random(Noise.Stream.PROMPT_DROPOUT);
      boolean[] keep = new boolean[b];
      for (int i = 0; i < b; i++) {
        keep[i] = dropout.nextDouble() >= hp.promptDropout();
      }
      TextBatch text = TextBatch.of(scope, batch.prompts(), keep, config.textLength());
      // The task of each clip, as the frames it is given clean (none for text to video).
      int frames = (int) shape.get(2);
      float[] masks = hp.tasks().masks(random(Noise.Stream.TASK), b, frames);
      boolean anyGiven = false;
      for (float m : masks) {
        anyGiven |= m > 0;
      }
      NDArray lossArray;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray noisy = RectifiedFlow.interpolate(data, noise, t);
        NDArray target = RectifiedFlow.velocity(data, noise);
        if (anyGiven) {
          NDArray frameMask = scope.create(masks, new Shape(b, frames)); // (B, T)
          NDArray given = FrameConditioning.given(frameMask, shape);
          noisy = FrameConditioning.keepGiven(noisy, data, given);
          NDArray conditioning = FrameConditioning.input(data, frameMask); // (B, C + 1, T, H, W)
          NDArray predicted = model.velocity(parameterStore, noisy, t, text, conditioning, true);
          lossArray = RectifiedFlow.loss(predicted, target, frameMask.neg().add(1f));
        } else {
          NDArray predicted = model.velocity(parameterStore, noisy, t, text, true);
          lossArray = RectifiedFlow.loss(predicted, target);
        }
        collector.backward(lossArray);
      }
      loss = lossArray.getFloat();
    }
    double norm = GradientNorm.of(parameters, manager);
    double rate = schedule.at(step);
    if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
      // A non-finite loss or gradient would poison every weight: drop this step's update (as
      // mixed-precision loss scalers do) and count it; only a run of them stops training.
      optimizer.zeroGradients();
      skipped++;
      if (++consecutiveSkipped >= MAX_CONSECUTIVE_SKIPPED) {
        throw new IllegalStateException(
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
        (float) rate, (float) hp.weightDecay(), GradientNorm.clipFactor(norm, hp.clipNorm()));
    // EMA warm-up (as in TensorFlow's ExponentialMovingAverage with num_updates): early averages
    // would otherwise be dominated by the random initial weights.
    ema.update((float) Math.min(hp.emaDecay(), (1.0 + step) / (10.0 + step)));
    return new StepResult(step, loss, norm, rate, (System.nanoTime() - started) / 1e9);
  }

  private SplittableRandom random(Noise.Stream stream) {
    return Noise.random(hp.seed(), step, stream);
  }

  public long step() {
    return step;
  }

  /** Steps whose update was dropped because the gradient was not finite. */
  public long skippedSteps() {
    return skipped;
  }

  /** Sets the step counter (used when restoring a checkpoint). */
  void restoreStep(long step) {
    this.step = step;
  }

  public PatchDit model() {
    return model;
  }

  public DitConfig config() {
    return config;
  }

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
    ema.close();
    optimizer.close();
    manager.close();
  }
}
