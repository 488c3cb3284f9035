package dev.videogen.worker.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.worker.video.Clip;
import java.util.EnumSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyntheticWorldTest {
  @Test
  void renderingIsDeterministicPerSeed() {
    ClipSpec a = SyntheticWorld.sampleAny(new SplittableRandom(3), 48, 32, 6, 8);
    ClipSpec b = SyntheticWorld.sampleAny(new SplittableRandom(3), 48, 32, 6, 8);
    assertThat(a).isEqualTo(b);
    assertThat(SyntheticWorld.render(a)).isEqualTo(SyntheticWorld.render(b));
    assertThat(
            SyntheticWorld.render(SyntheticWorld.sampleAny(new SplittableRandom(4), 48, 32, 6, 8)))
        .isNotEqualTo(SyntheticWorld.render(a));
  }

  @Test
  void theObjectStaysInsideTheFrameForEveryFrame() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 200; i++) {
      int w = 16 + 8 * random.nextInt(10);
      int h = 16 + 8 * random.nextInt(10);
      ClipSpec s =
          SyntheticWorld.sampleAny(random, w, h, 1 + random.nextInt(40), 4 + random.nextInt(20));
      for (int t = 0; t < s.frames(); t++) {
        double[] c = s.centre(t);
        assertThat(c[0] - s.radius()).as("%s frame %d", s, t).isGreaterThanOrEqualTo(0);
        assertThat(c[0] + s.radius()).isLessThanOrEqualTo(w);
        assertThat(c[1] - s.radius()).isGreaterThanOrEqualTo(0);
        assertThat(c[1] + s.radius()).isLessThanOrEqualTo(h);
      }
    }
  }

  @Test
  void heldOutCombinationsNeverReachTrainingButEveryWordDoes() {
    SplittableRandom random = new SplittableRandom(2);
    EnumSet<Colour> colours = EnumSet.noneOf(Colour.class);
    EnumSet<Shape> shapes = EnumSet.noneOf(Shape.class);
    EnumSet<Direction> directions = EnumSet.noneOf(Direction.class);
    for (int i = 0; i < 2000; i++) {
      ClipSpec s = SyntheticWorld.sampleTraining(random, 16, 16, 2, 8);
      assertThat(HeldOut.isHeldOut(s.colour(), s.shape(), s.direction())).isFalse();
      colours.add(s.colour());
      shapes.add(s.shape());
      directions.add(s.direction());
    }
    assertThat(colours).hasSize(Colour.values().length);
    assertThat(shapes).hasSize(Shape.values().length);
    assertThat(directions).hasSize(Direction.values().length);
    ClipSpec heldOut = SyntheticWorld.sampleHeldOut(random, 16, 16, 2, 8);
    assertThat(HeldOut.isHeldOut(heldOut.colour(), heldOut.shape(), heldOut.direction())).isTrue();
  }

  @Test
  void captionsParseBackToTheGroundTruth() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 100; i++) {
      ClipSpec s = SyntheticWorld.sampleAny(random, 32, 32, 4, 8);
      for (String caption : new String[] {Caption.canonical(s), Caption.variant(s, random)}) {
        Prompt p = Prompt.parse(caption);
        assertThat(p.colour()).as(caption).contains(s.colour());
        assertThat(p.shape()).as(caption).contains(s.shape());
        assertThat(p.direction()).as(caption).contains(s.direction());
      }
    }
    assertThat(Caption.canonical(SyntheticWorld.sampleAny(random, 32, 32, 1, 8)))
        .doesNotContain("moves");
  }

  @Test
  void tooSmallClipsAreRejected() {
    assertThatThrownBy(() -> SyntheticWorld.sampleAny(new SplittableRandom(0), 4, 32, 2, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8x8");
  }

  @Test
  void pixelsAreInTheUnitRange() {
    Clip clip =
        SyntheticWorld.render(SyntheticWorld.sampleAny(new SplittableRandom(9), 40, 24, 3, 8));
    for (float v : clip.rgb()) {
      assertThat(v).isBetween(0f, 1f);
    }
  }
}
