package dev.videogen.api.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameSetTest {
  @Test
  void setOperationsAgreeWithBitSets() {
    Random random = new Random(3);
    for (int i = 0; i < 500; i++) {
      BitSet a = randomBits(random);
      BitSet b = randomBits(random);
      FrameSet x = of(a);
      FrameSet y = of(b);
      BitSet union = (BitSet) a.clone();
      union.or(b);
      BitSet minus = (BitSet) a.clone();
      minus.andNot(b);
      BitSet both = (BitSet) a.clone();
      both.and(b);
      assertThat(x.union(y)).isEqualTo(of(union));
      assertThat(x.minus(y)).isEqualTo(of(minus));
      assertThat(x.intersect(y)).isEqualTo(of(both));
      assertThat(x.size()).isEqualTo(a.cardinality());
      assertThat(x.containsAll(y)).isEqualTo(minusIsEmpty(b, a));
    }
  }

  @Test
  void indexOfCountsFramesInOrderAndMirrorReversesTheTimeline() {
    FrameSet set = FrameSet.ofPositions(-2, -1, 5, 9, 10, 11);
    assertThat(set.runs()).hasSize(3);
    assertThat(set.indexOf(-2)).isZero();
    assertThat(set.indexOf(5)).isEqualTo(2);
    assertThat(set.indexOf(11)).isEqualTo(5);
    assertThat(set.indexOf(6)).isEqualTo(-1);
    assertThat(set.first()).isEqualTo(-2);
    assertThat(set.last()).isEqualTo(11);
    // On a 12-frame timeline, frame p becomes 11 - p.
    assertThat(set.mirror(12)).isEqualTo(FrameSet.ofPositions(0, 1, 2, 6, 12, 13));
    assertThat(set.toString()).isEqualTo("{[-2, 0) 5 [9, 12)}");
  }

  @Test
  void runsMustBeAscendingAndMerged() {
    assertThatThrownBy(() -> FrameSet.ofPositions(3, 2)).hasMessageContaining("ascending");
    assertThatThrownBy(
            () -> new FrameSet(java.util.List.of(FrameRange.of(0, 2), FrameRange.of(2, 4))))
        .hasMessageContaining("not touch");
    assertThatThrownBy(() -> FrameRange.of(3, 3)).hasMessageContaining("is empty");
  }

  private static boolean minusIsEmpty(BitSet b, BitSet a) {
    BitSet rest = (BitSet) b.clone();
    rest.andNot(a);
    return rest.isEmpty();
  }

  private static BitSet randomBits(Random random) {
    BitSet bits = new BitSet();
    for (int p = 0; p < 40; p++) {
      if (random.nextInt(3) == 0) {
        bits.set(p);
      }
    }
    return bits;
  }

  private static FrameSet of(BitSet bits) {
    return FrameSet.ofPositions(bits.stream().toArray());
  }
}
