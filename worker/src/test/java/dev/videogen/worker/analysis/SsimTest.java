package dev.videogen.worker.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.videogen.worker.video.Clip;
import dev.videogen.worker.world.SyntheticWorld;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SsimTest {
  private static Clip clip() {
    return SyntheticWorld.render(SyntheticWorld.sampleAny(new SplittableRandom(3), 32, 32, 5, 8));
  }

  @Test
  void aClipIsPerfectlySimilarToItself() {
    Clip c = clip();
    assertThat(Ssim.of(c, c)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void noiseLowersItMoreThanABrightnessShiftOfTheSameError() {
    Clip c = clip();
    float[] noisy = c.rgb().clone();
    float[] shifted = c.rgb().clone();
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] += r.nextBoolean() ? 0.05f : -0.05f; // the same mean squared error, 0.05²,
      shifted[i] += 0.05f; // as a uniform shift that keeps every structure
    }
    double ofNoise = Ssim.of(c, new Clip(c.frames(), c.height(), c.width(), c.fps(), noisy));
    double ofShift = Ssim.of(c, new Clip(c.frames(), c.height(), c.width(), c.fps(), shifted));
    assertThat(ofShift).isGreaterThan(ofNoise);
    assertThat(ofNoise).isLessThan(0.9);
  }
}
