package dev.videogen.api.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.videogen.api.v1alpha1.spec.TrainingSpec;

/**
 * Optimisation hyperparameters of a Train task, as in {@code TrainingRun.spec.training}; a field
 * left out takes the default the CRD documents (the worker applies it).
 *
 * @param steps optimiser steps in all (a resumed run counts from its checkpoint's step)
 * @param batchSize clips per step (default 8), split across the pod's GPUs
 * @param learningRate peak AdamW learning rate (default 3e-4)
 * @param warmupSteps linear warmup before the cosine decay (default min(100, steps))
 * @param weightDecay AdamW decay of weights, not biases and norms (default 0.01)
 * @param emaDecay decay of the weights' moving average (default 0.999)
 * @param gradientClipNorm global gradient-norm threshold (default 1)
 * @param seed seed of initialisation, noise, timesteps and prompt dropout (default 0)
 */
public record TrainingSettings(
    @JsonProperty(required = true) long steps,
    Integer batchSize,
    Double learningRate,
    Long warmupSteps,
    Double weightDecay,
    Double emaDecay,
    Double gradientClipNorm,
    Long seed) {
  public TrainingSettings {
    Checks.range(steps, 1, 100_000_000, "training.steps");
    Checks.range(batchSize, 1, 65536, "training.batchSize");
    if (learningRate != null && !(learningRate > 0 && learningRate <= 1)) {
      throw new IllegalArgumentException(
          "training.learningRate must be in (0, 1], got " + learningRate);
    }
    Checks.range(warmupSteps, 0, steps, "training.warmupSteps");
    Checks.range(weightDecay, 0, 1, "training.weightDecay");
    if (emaDecay != null && !(emaDecay >= 0 && emaDecay < 1)) {
      throw new IllegalArgumentException("training.emaDecay must be in [0, 1), got " + emaDecay);
    }
    if (gradientClipNorm != null && !(gradientClipNorm > 0 && gradientClipNorm < 1e30)) {
      throw new IllegalArgumentException(
          "training.gradientClipNorm must be positive, got " + gradientClipNorm);
    }
    Checks.range(seed, 0, Long.MAX_VALUE, "training.seed");
  }

  /** Only the step count given: every other setting takes its default. */
  public static TrainingSettings steps(long steps) {
    return new TrainingSettings(steps, null, null, null, null, null, null, null);
  }

  /** The task's settings for a TrainingRun's {@code spec.training}. */
  public static TrainingSettings of(TrainingSpec spec) {
    Checks.present(spec, "training");
    Checks.present(spec.getSteps(), "training.steps");
    return new TrainingSettings(
        spec.getSteps(),
        spec.getBatchSize(),
        spec.getLearningRate(),
        spec.getWarmupSteps(),
        spec.getWeightDecay(),
        spec.getEmaDecay(),
        spec.getGradientClipNorm(),
        spec.getSeed());
  }
}
