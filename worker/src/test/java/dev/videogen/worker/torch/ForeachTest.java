package dev.videogen.worker.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The multi-tensor kernels against the same arithmetic written out per element. */
class ForeachTest {
  @Test
  void adamwIsDecoupledAdamWithBiasCorrection() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] w0 = {0.5f, -1.0f, 2.0f};
      float[][] grads = {{0.1f, -0.2f, 0.3f}, {-0.4f, 0.05f, 0.0f}};
      NDArray w = m.create(w0);
      w.setRequiresGradient(true); // a leaf that autograd tracks, as a model's weight is
      NDArray mean = m.zeros(new Shape(3));
      NDArray var = m.zeros(new Shape(3));
      double lr = 0.01;
      double b1 = 0.9;
      double b2 = 0.999;
      double wd = 0.1;
      double eps = 1e-8;
      double[] ew = {w0[0], w0[1], w0[2]};
      double[] em = new double[3];
      double[] ev = new double[3];
      for (int step = 1; step <= 2; step++) {
        NDArray g = m.create(grads[step - 1]);
        NDArray count = m.create((float) step);
        Foreach.adamw(
            List.of(w),
            List.of(g),
            List.of(mean),
            List.of(var),
            List.of(count),
            lr,
            b1,
            b2,
            wd,
            eps);
        assertEquals(step, count.getFloat(), "the kernel reads the step count, does not change it");
        for (int i = 0; i < 3; i++) {
          ew[i] *= 1 - lr * wd;
          em[i] = b1 * em[i] + (1 - b1) * grads[step - 1][i];
          ev[i] = b2 * ev[i] + (1 - b2) * grads[step - 1][i] * grads[step - 1][i];
          double mHat = em[i] / (1 - Math.pow(b1, step));
          double vHat = ev[i] / (1 - Math.pow(b2, step));
          ew[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
        }
      }
      float[] got = w.toFloatArray();
      for (int i = 0; i < 3; i++) {
        assertEquals(ew[i], got[i], 1e-6, "weight " + i);
      }
      assertEquals(true, w.hasGradient(), "the weight is still a tracked leaf");
    }
  }

  @Test
  void lerpScaleZeroAndNorm() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {1, 2});
      NDArray b = m.create(new float[] {3, 6, 9});
      NDArray ea = m.create(new float[] {0, 0});
      NDArray eb = m.create(new float[] {1, 1, 1});
      Foreach.lerp(List.of(ea, eb), List.of(a, b), 0.25);
      assertArrayEquals(new float[] {0.25f, 0.5f}, ea.toFloatArray(), 1e-6f);
      assertArrayEquals(new float[] {1.5f, 2.25f, 3f}, eb.toFloatArray(), 1e-6f);
      assertEquals(Math.sqrt(1 + 4 + 9 + 36 + 81), Foreach.norm(List.of(a, b)), 1e-5);
      Foreach.scale(List.of(a, b), 0.5);
      assertArrayEquals(new float[] {1.5f, 3f, 4.5f}, b.toFloatArray(), 1e-6f);
      Foreach.zero(List.of(a, b));
      assertArrayEquals(new float[] {0, 0}, a.toFloatArray());
      assertArrayEquals(new float[] {0, 0, 0}, b.toFloatArray());
      Foreach.zero(Collections.emptyList()); // nothing to do is not an error
    }
  }
}
