package dev.videogen.worker.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.worker.video.Clip;
import dev.videogen.worker.world.Caption;
import dev.videogen.worker.world.ClipSpec;
import dev.videogen.worker.world.SyntheticWorld;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VideoAnalyzerTest {
  private static final int[][] SIZES = {
    {32, 32}, {48, 32}, {32, 48}, {64, 36}, {36, 64}, {96, 64}, {64, 64}, {48, 48}
  };

  @Test
  void recognisesTheGroundTruthOfSyntheticClips() {
    SplittableRandom random = new SplittableRandom(42);
    int n = 400;
    int colour = 0;
    int shape = 0;
    int direction = 0;
    int persists = 0;
    double speedError = 0;
    for (int i = 0; i < n; i++) {
      int[] size = SIZES[random.nextInt(SIZES.length)];
      ClipSpec s = SyntheticWorld.sampleAny(random, size[0], size[1], 8 + random.nextInt(17), 8);
      Analysis a = VideoAnalyzer.analyze(SyntheticWorld.render(s));
      colour += a.colour().filter(c -> c == s.colour()).isPresent() ? 1 : 0;
      shape += a.shape().filter(c -> c == s.shape()).isPresent() ? 1 : 0;
      direction += a.direction().filter(c -> c == s.direction()).isPresent() ? 1 : 0;
      persists += a.persists() ? 1 : 0;
      speedError += Math.abs(a.speed() - s.pixelsPerSecond() / s.along()) / n;
    }
    System.out.printf(
        "analyzer on %d ground-truth clips: colour %.1f%%, shape %.1f%%, direction %.1f%%,"
            + " persists %.1f%%, mean speed error %.4f frame/s%n",
        n,
        100.0 * colour / n,
        100.0 * shape / n,
        100.0 * direction / n,
        100.0 * persists / n,
        speedError);
    assertThat(colour / (double) n).isGreaterThanOrEqualTo(0.98);
    assertThat(shape / (double) n).isGreaterThanOrEqualTo(0.98);
    assertThat(direction / (double) n).isGreaterThanOrEqualTo(0.98);
    assertThat(persists / (double) n).isGreaterThanOrEqualTo(0.98);
    assertThat(speedError).isLessThan(0.02);
  }

  @Test
  void anImageHasColourAndShapeButNoDirection() {
    ClipSpec s = SyntheticWorld.sampleAny(new SplittableRandom(1), 48, 32, 1, 8);
    Analysis a = VideoAnalyzer.analyze(SyntheticWorld.render(s));
    assertThat(a.colour()).contains(s.colour());
    assertThat(a.shape()).contains(s.shape());
    assertThat(a.direction()).isEmpty();
    assertThat(a.flicker()).isZero();
  }

  @Test
  void flickerIsZeroForAStillBackgroundAndLargeForNoise() {
    Clip still = Clip.blank(6, 16, 16, 8);
    java.util.Arrays.fill(still.rgb(), 0.3f);
    assertThat(VideoAnalyzer.flicker(still)).isZero();
    Clip noise = Clip.blank(6, 16, 16, 8);
    java.util.Random random = new java.util.Random(0);
    for (int i = 0; i < noise.rgb().length; i++) {
      noise.rgb()[i] = random.nextFloat();
    }
    // |U − U'| for independent uniforms has mean 1/3: 85 on the 0–255 scale.
    assertThat(VideoAnalyzer.flicker(noise)).isBetween(80.0, 90.0);
    Analysis a = VideoAnalyzer.analyze(still);
    assertThat(a.colour()).isEmpty();
    assertThat(a.persists()).isFalse();
  }

  @Test
  void adherenceComparesThePromptWithTheVideo() {
    ClipSpec s = SyntheticWorld.sampleAny(new SplittableRandom(8), 48, 48, 12, 8);
    Clip clip = SyntheticWorld.render(s);
    Adherence right = Adherence.of(Caption.canonical(s), clip);
    assertThat(right.colour()).isTrue();
    assertThat(right.shape()).isTrue();
    assertThat(right.direction()).isTrue();
    String other =
        s.colour() == dev.videogen.worker.world.Colour.RED ? "a blue circle" : "a red circle";
    Adherence wrong = Adherence.of(other, clip);
    assertThat(wrong.colour()).isFalse();
    assertThat(wrong.direction()).isNull();
  }
}
