package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Optimisation hyperparameters of a TrainingRun. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.warmupSteps) || self.warmupSteps <= self.steps",
    message = "warmupSteps must not exceed steps")
public class TrainingSpec {
  @Required
  @Min(1)
  @Max(100_000_000)
  @JsonPropertyDescription("Optimiser steps to train for.")
  private Long steps;

  @Min(1)
  @Max(65536)
  @JsonPropertyDescription("Clips per step. Default 8.")
  private Integer batchSize;

  @Min(value = 0, inclusive = false)
  @Max(1)
  @JsonPropertyDescription("Peak AdamW learning rate. Default 3e-4.")
  private Double learningRate;

  @Min(0)
  @JsonPropertyDescription("Linear warmup steps before the cosine decay. Default 100.")
  private Long warmupSteps;

  @Min(0)
  @Max(1)
  @JsonPropertyDescription("AdamW weight decay (not applied to biases and norms). Default 0.01.")
  private Double weightDecay;

  @Min(0)
  @Max(value = 1, inclusive = false)
  @JsonPropertyDescription("Decay of the exponential moving average of the weights. Default 0.999.")
  private Double emaDecay;

  @Min(value = 0, inclusive = false)
  @JsonPropertyDescription("Global gradient-norm clipping threshold. Default 1.")
  private Double gradientClipNorm;

  @Min(0)
  @JsonPropertyDescription("Seed of initialisation, data order and noise. Default 0.")
  private Long seed;

  public Long getSteps() {
    return steps;
  }

  public void setSteps(Long steps) {
    this.steps = steps;
  }

  public Integer getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(Integer batchSize) {
    this.batchSize = batchSize;
  }

  public Double getLearningRate() {
    return learningRate;
  }

  public void setLearningRate(Double learningRate) {
    this.learningRate = learningRate;
  }

  public Long getWarmupSteps() {
    return warmupSteps;
  }

  public void setWarmupSteps(Long warmupSteps) {
    this.warmupSteps = warmupSteps;
  }

  public Double getWeightDecay() {
    return weightDecay;
  }

  public void setWeightDecay(Double weightDecay) {
    this.weightDecay = weightDecay;
  }

  public Double getEmaDecay() {
    return emaDecay;
  }

  public void setEmaDecay(Double emaDecay) {
    this.emaDecay = emaDecay;
  }

  public Double getGradientClipNorm() {
    return gradientClipNorm;
  }

  public void setGradientClipNorm(Double gradientClipNorm) {
    this.gradientClipNorm = gradientClipNorm;
  }

  public Long getSeed() {
    return seed;
  }

  public void setSeed(Long seed) {
    this.seed = seed;
  }
}
