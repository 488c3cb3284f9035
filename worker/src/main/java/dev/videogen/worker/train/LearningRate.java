package dev.videogen.worker.train;

/**
 * Linear warmup to the peak learning rate, then cosine decay to {@code floor} × peak at the last
 * step: the schedule of most diffusion-transformer recipes.
 */
public record LearningRate(double peak, long warmupSteps, long totalSteps, double floor) {

  /** The rate for (1-based) step {@code step}. */
  public double at(long step) {
    if (warmupSteps > 0 && step <= warmupSteps) {
      return peak * step / warmupSteps;
    }
    long decaySteps = Math.max(1, totalSteps - warmupSteps);
    double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return peak * (floor + (1 - floor) * cosine);
  }
}
