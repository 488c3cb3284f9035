package dev.videogen.worker.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.worker.video.Clip;
import dev.videogen.worker.world.Background;
import dev.videogen.worker.world.ClipSpec;
import dev.videogen.worker.world.Colour;
import dev.videogen.worker.world.Direction;
import dev.videogen.worker.world.Shape;
import dev.videogen.worker.world.Speed;
import dev.videogen.worker.world.SyntheticWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seams of ground-truth clips: an unbroken clip has none, a cut or a recolour shows. */
class SeamScoreTest {
  private static ClipSpec spec(Colour colour, Direction direction, int frames) {
    return new ClipSpec(
        colour,
        Shape.CIRCLE,
        direction,
        Speed.FAST,
        Background.GREY,
        32,
        32,
        frames,
        8,
        0.3,
        0.5,
        1);
  }

  private static Clip join(Clip a, Clip b) {
    float[] rgb = new float[a.rgb().length + b.rgb().length];
    System.arraycopy(a.rgb(), 0, rgb, 0, a.rgb().length);
    System.arraycopy(b.rgb(), 0, rgb, a.rgb().length, b.rgb().length);
    return new Clip(a.frames() + b.frames(), a.height(), a.width(), a.fps(), rgb);
  }

  @Test
  void aSeamInsideAnUnbrokenClipLooksLikeAnyOtherFrameChange() {
    SplittableRandom random = new SplittableRandom(4);
    List<SeamScore> scores = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Clip clip = SyntheticWorld.render(SyntheticWorld.sampleAny(random, 32, 32, 16, 8));
      scores.add(SeamScore.of(clip, List.of(SeamScore.between(7))));
    }
    double[] ratios = SeamScore.ratios(scores);
    assertThat(ratios[0]).as("position").isBetween(0.7, 1.3);
    assertThat(ratios[1]).as("colour").isLessThan(1.0);
  }

  @Test
  void aCutToAnotherPlaceOrColourIsASeam() {
    Clip left = SyntheticWorld.render(spec(Colour.RED, Direction.LEFT, 8));
    Clip right = SyntheticWorld.render(spec(Colour.RED, Direction.RIGHT, 8));
    // Both clips travel one segment, in opposite directions: back and forth is continuous, the
    // same clip twice jumps from the end of the segment back to its start.
    SeamScore turn = SeamScore.of(join(left, right), List.of(SeamScore.between(7)));
    assertThat(SeamScore.ratios(List.of(turn))[0]).isLessThan(1.5);
    SeamScore jump = SeamScore.of(join(left, left), List.of(SeamScore.between(7)));
    assertThat(jump.seamPosition()).isGreaterThan(5 * Math.max(0.5, jump.typicalPosition()));
    assertThat(SeamScore.ratios(List.of(jump))[0]).isGreaterThan(5);

    Clip blue = SyntheticWorld.render(spec(Colour.BLUE, Direction.LEFT, 8));
    Clip red = SyntheticWorld.render(spec(Colour.RED, Direction.LEFT, 8));
    SeamScore recolour =
        SeamScore.of(join(red.frames(0, 4), blue.frames(4, 8)), List.of(SeamScore.between(3)));
    assertThat(SeamScore.ratios(List.of(recolour))[1]).isGreaterThan(10);
    assertThat(SeamScore.ratios(List.of(recolour))[0]).isLessThan(1.5);

    // A loop's wrap-around of a clip that moves one way is a jump; the frames within it are not.
    SeamScore wrap = SeamScore.of(left, List.of(new int[] {7, 0}));
    assertThat(wrap.seamPosition()).isGreaterThan(5);
    assertThat(wrap.typicalPosition()).isBetween(0.5, 2.0);
    assertThat(wrap.largestPosition()).isBetween(wrap.typicalPosition(), 2.0);
    // A jump that is not at a seam shows as the largest jump elsewhere, not in the seam score.
    SeamScore inside = SeamScore.of(join(left, left), List.of(SeamScore.between(3)));
    assertThat(inside.largestPosition()).isGreaterThan(5);
    assertThat(inside.seamPosition()).isLessThan(2);
  }

  @Test
  void aVanishedObjectIsTheLargestJumpAndNeverInFrame() {
    Clip clip = SyntheticWorld.render(spec(Colour.GREEN, Direction.UP, 6));
    Clip blank = Clip.blank(1, 32, 32, 8);
    Clip gap = join(clip.frames(0, 3), join(blank, clip.frames(3, 6)));
    ObjectTrack track = ObjectTrack.of(gap);
    assertThat(track.found()).containsExactly(true, true, true, false, true, true, true);
    assertThat(track.positionJump(2, 3)).isEqualTo(Math.hypot(32, 32));
    assertThat(track.colourJump(2, 3)).isEqualTo(Math.sqrt(3));
    assertThat(track.alwaysInFrame()).isFalse();
    assertThat(ObjectTrack.of(clip).alwaysInFrame()).isTrue();
  }
}
