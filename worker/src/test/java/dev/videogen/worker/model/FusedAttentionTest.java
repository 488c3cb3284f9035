package dev.videogen.worker.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's fused attention, reached through the TorchScript module {@link FusedAttention} writes,
 * computes what the written-out softmax(q kᵀ / √d + bias) v computes, forward and backward.
 */
class FusedAttentionTest {
  private static final Shape Q = new Shape(2, 4, 24, 8); // (B, h, N, d)
  private static final Shape KV = new Shape(2, 4, 10, 8); // (B, h, L, d)

  @Test
  void forwardEqualsTheWrittenOutAttentionWithAndWithoutAKeyMask() {
    try (NDManager m = NDManager.newBaseManager()) {
      m.getEngine().setRandomSeed(7);
      NDArray q = m.randomNormal(Q);
      NDArray k = m.randomNormal(KV);
      NDArray v = m.randomNormal(KV);
      NDArray bias = keyMaskBias(m);
      for (NDArray b : new NDArray[] {null, bias}) {
        NDArray fused = FusedAttention.apply(q, k, v, b);
        NDArray math = Attention.scaledDotProduct(q, k, v, b);
        assertEquals(Q, fused.getShape());
        assertArrayEquals(math.toFloatArray(), fused.toFloatArray(), 1e-5f);
      }
      // The mask matters: without it the padded keys change the result.
      assertFalse(
          FusedAttention.apply(q, k, v, null)
              .allClose(FusedAttention.apply(q, k, v, bias), 1e-3, 1e-3, false));
    }
  }

  @Test
  void gradientsEqualThoseOfTheWrittenOutAttention() {
    try (NDManager m = NDManager.newBaseManager()) {
      m.getEngine().setRandomSeed(11);
      NDArray bias = keyMaskBias(m);
      NDArray weights = m.randomNormal(Q); // a loss that weighs every output differently
      float[][] fused = gradients(m, bias, weights, true);
      float[][] math = gradients(m, bias, weights, false);
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(math[i], fused[i], 1e-4f, "gradient of input " + i);
        double norm = 0;
        for (float g : fused[i]) {
          norm += g * g;
        }
        assertTrue(norm > 1e-6, "input " + i + " gets a gradient");
      }
    }
  }

  @Test
  void itsOutputCanMeetAWeightThatRequiresGradientsOnAThreadWithAutogradOn() throws Exception {
    // A render thread (PyTorch's grad mode is on by default in a new thread) sampling a model
    // whose weights require gradients: an inference-mode result would be refused here.
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    float[][] result = new float[1][];
    Thread thread =
        new Thread(
            () -> {
              try (NDManager m = NDManager.newBaseManager()) {
                NDArray weight = m.randomNormal(new Shape(8, 8));
                weight.setRequiresGradient(true);
                NDArray q = m.randomNormal(Q);
                NDArray out = FusedAttention.apply(q, m.randomNormal(KV), m.randomNormal(KV), null);
                result[0] = out.matMul(weight).toFloatArray();
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    thread.start();
    thread.join();
    if (failure.get() != null) {
      throw new AssertionError("fused attention in a render thread failed", failure.get());
    }
    assertEquals(Q.size(), result[0].length);
  }

  @Test
  void theArchiveHoldsTheModuleSourceAndItsPickledState() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FusedAttention.write(bytes);
    StringBuilder names = new StringBuilder();
    String code = null;
    try (ZipInputStream zip =
        new ZipInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        names.append(e.getName()).append(' ');
        if (e.getName().equals("sdpa/code/__torch__.py")) {
          code = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    assertEquals(
        "sdpa/data.pkl sdpa/code/__torch__.py sdpa/constants.pkl sdpa/version sdpa/byteorder ",
        names.toString());
    assertTrue(code.contains("torch.scaled_dot_product_attention(q, k, v, bias)"), code);
  }

  private static float[][] gradients(NDManager m, NDArray bias, NDArray weights, boolean fused) {
    m.getEngine().setRandomSeed(3);
    NDArray q = m.randomNormal(Q);
    NDArray k = m.randomNormal(KV);
    NDArray v = m.randomNormal(KV);
    for (NDArray a : new NDArray[] {q, k, v}) {
      a.setRequiresGradient(true);
    }
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray out =
          fused ? FusedAttention.apply(q, k, v, bias) : Attention.scaledDotProduct(q, k, v, bias);
      collector.backward(out.mul(weights).sum());
    }
    return new float[][] {
      q.getGradient().toFloatArray(), k.getGradient().toFloatArray(), v.getGradient().toFloatArray()
    };
  }

  /** (B, 1, 1, L): the first clip sees all 10 keys, the second only its first 6. */
  private static NDArray keyMaskBias(NDManager m) {
    float[] bias = new float[2 * 10];
    for (int l = 6; l < 10; l++) {
      bias[10 + l] = -1e9f;
    }
    return m.create(bias, new Shape(2, 1, 1, 10));
  }
}
