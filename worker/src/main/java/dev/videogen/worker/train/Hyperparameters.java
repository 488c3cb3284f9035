package dev.videogen.worker.train;

import dev.videogen.api.task.TrainingSettings;
import dev.videogen.api.v1alpha1.spec.TrainingSpec;

/**
 * Optimisation settings of a training run, with the defaults of {@link TrainingSpec}'s
 * documentation.
 *
 * @param steps optimiser steps
 * @param batchSize clips per step
 * @param learningRate peak AdamW learning rate
 * @param warmupSteps linear warmup before the cosine decay
 * @param weightDecay decoupled decay of weights (not biases or norms)
 * @param emaDecay decay of the weights' moving average
 * @param clipNorm global gradient-norm threshold
 * @param promptDropout probability of training a clip on the null prompt (classifier-free guidance)
 * @param seed seed of initialisation, data order, noise and times
 * @param tasks how often each frame-conditioning task is trained; absent (null) in the state of
 *     checkpoints written before frame conditioning, which trained text to video only
 */
public record Hyperparameters(
    long steps,
    int batchSize,
    double learningRate,
    long warmupSteps,
    double weightDecay,
    double emaDecay,
    double clipNorm,
    double promptDropout,
    long seed,
    TaskMix tasks) {

  public Hyperparameters {
    if (steps < 1 || batchSize < 1) {
      throw new IllegalArgumentException("steps and batch size must be positive");
    }
    if (warmupSteps > steps) {
      throw new IllegalArgumentException("warmupSteps must not exceed steps");
    }
    if (tasks == null) {
      tasks = TaskMix.TEXT_ONLY;
    }
  }

  public static Hyperparameters defaults(long steps) {
    return new Hyperparameters(
        steps, 8, 3e-4, Math.min(100, steps), 0.01, 0.999, 1.0, 0.1, 0, TaskMix.STANDARD);
  }

  public static Hyperparameters from(TrainingSpec spec) {
    Hyperparameters d = defaults(spec.getSteps());
    return new Hyperparameters(
        spec.getSteps(),
        spec.getBatchSize() != null ? spec.getBatchSize() : d.batchSize,
        spec.getLearningRate() != null ? spec.getLearningRate() : d.learningRate,
        spec.getWarmupSteps() != null ? spec.getWarmupSteps() : d.warmupSteps,
        spec.getWeightDecay() != null ? spec.getWeightDecay() : d.weightDecay,
        spec.getEmaDecay() != null ? spec.getEmaDecay() : d.emaDecay,
        spec.getGradientClipNorm() != null ? spec.getGradientClipNorm() : d.clipNorm,
        d.promptDropout,
        spec.getSeed() != null ? spec.getSeed() : d.seed,
        d.tasks);
  }

  /** The settings of a Train task, with the defaults of {@link TrainingSpec}'s documentation. */
  public static Hyperparameters from(TrainingSettings task) {
    Hyperparameters d = defaults(task.steps());
    return new Hyperparameters(
        task.steps(),
        task.batchSize() != null ? task.batchSize() : d.batchSize,
        task.learningRate() != null ? task.learningRate() : d.learningRate,
        task.warmupSteps() != null ? task.warmupSteps() : d.warmupSteps,
        task.weightDecay() != null ? task.weightDecay() : d.weightDecay,
        task.emaDecay() != null ? task.emaDecay() : d.emaDecay,
        task.gradientClipNorm() != null ? task.gradientClipNorm() : d.clipNorm,
        d.promptDropout,
        task.seed() != null ? task.seed() : d.seed,
        d.tasks);
  }

  public Hyperparameters withSteps(long steps, long warmupSteps) {
    return new Hyperparameters(
        steps,
        batchSize,
        learningRate,
        warmupSteps,
        weightDecay,
        emaDecay,
        clipNorm,
        promptDropout,
        seed,
        tasks);
  }

  public Hyperparameters withBatch(int batchSize, double learningRate) {
    return new Hyperparameters(
        steps,
        batchSize,
        learningRate,
        warmupSteps,
        weightDecay,
        emaDecay,
        clipNorm,
        promptDropout,
        seed,
        tasks);
  }

  public Hyperparameters withSeed(long seed) {
    return new Hyperparameters(
        steps,
        batchSize,
        learningRate,
        warmupSteps,
        weightDecay,
        emaDecay,
        clipNorm,
        promptDropout,
        seed,
        tasks);
  }

  public Hyperparameters withTasks(TaskMix tasks) {
    return new Hyperparameters(
        steps,
        batchSize,
        learningRate,
        warmupSteps,
        weightDecay,
        emaDecay,
        clipNorm,
        promptDropout,
        seed,
        tasks);
  }

  public LearningRate schedule() {
    return new LearningRate(learningRate, warmupSteps, steps, 0.1);
  }
}
