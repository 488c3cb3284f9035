package dev.videogen.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.videogen.worker.diffusion.RectifiedFlow;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.model.TextBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A step's gradients do not depend on when the JVM collects garbage. DJL's {@code NDArray op
 * Number} makes the number a tensor over a Java direct buffer and closes it at once; when autograd
 * keeps that tensor for the backward pass (a product does), a collection between forward and
 * backward frees the buffer under it and the gradients read whatever lies there next (NaN here).
 */
class GradientsUnderGcTest {
  private static final DitConfig CONFIG = DitConfig.tiny().withWidth(48, 4).withDepth(1);

  private static List<float[]> gradients(boolean collectBeforeBackward) {
    Engine.getInstance().setRandomSeed(3);
    try (NDManager manager = NDManager.newBaseManager()) {
      PatchDit model = PatchDit.create(CONFIG, manager);
      ParameterStore ps = new ParameterStore(manager, false);
      try (NDManager scope = manager.newSubManager()) {
        Shape shape = new Shape(3, 3, 2, 16, 16);
        NDArray data = scope.randomNormal(shape);
        NDArray noise = scope.randomNormal(shape);
        NDArray t = scope.create(new float[] {0.3f, 0.5f, 0.7f});
        TextBatch text =
            TextBatch.of(
                scope,
                List.of("a red circle", "a blue square", "a green triangle"),
                new boolean[] {true, false, true},
                CONFIG.textLength());
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray predicted =
              model.velocity(ps, RectifiedFlow.interpolate(data, noise, t), t, text, true);
          NDArray loss = RectifiedFlow.loss(predicted, RectifiedFlow.velocity(data, noise));
          if (collectBeforeBackward) {
            collectAndScribble();
          }
          collector.backward(loss);
        }
      }
      List<float[]> out = new ArrayList<>();
      for (var p : model.trainableParameters()) {
        out.add(p.getArray().getGradient().toFloatArray());
      }
      return out;
    }
  }

  // Collects garbage, lets cleaners free unreachable direct buffers, and fills small native
  // allocations with NaN bytes, so memory freed under a live tensor shows.
  private static void collectAndScribble() {
    List<ByteBuffer> keep = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      System.gc();
      for (int i = 0; i < 2000; i++) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 8) * 4);
        while (b.hasRemaining()) {
          b.put((byte) 0xFF);
        }
        keep.add(b);
      }
    }
    keep.clear();
  }

  @Test
  void aCollectionBetweenForwardAndBackwardChangesNoGradient() {
    List<float[]> quiet = gradients(false);
    for (int attempt = 0; attempt < 3; attempt++) {
      List<float[]> collected = gradients(true);
      for (int p = 0; p < quiet.size(); p++) {
        assertThat(Arrays.equals(collected.get(p), quiet.get(p)))
            .as("gradient of parameter %d, attempt %d", p, attempt)
            .isTrue();
      }
    }
  }
}
