package dev.videogen.worker.train;

import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Clips of one size with their captions, as the trainer consumes them.
 *
 * @param video values in [−1, 1], layout (B, C, T, H, W)
 * @param shape (B, C, T, H, W)
 * @param prompts B captions
 */
public record TrainingBatch(float[] video, Shape shape, List<String> prompts) {
  public TrainingBatch {
    if (shape.dimension() != 5 || shape.size() != video.length) {
      throw new IllegalArgumentException("video of " + video.length + " values for shape " + shape);
    }
    if (prompts.size() != shape.get(0)) {
      throw new IllegalArgumentException(
          prompts.size() + " prompts for a batch of " + shape.get(0));
    }
  }

  /** The batch for a (1-based) training step: a pure function of the step, for exact resume. */
  @FunctionalInterface
  public interface Source {
    TrainingBatch batch(long step, int batchSize);
  }
}
