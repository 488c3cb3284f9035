package dev.videogen.worker.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.videogen.worker.video.Clip;
import org.junit.jupiter.api.Test;

class ClipSamplerTest {
  @Test
  void framesArePickedAtTheTrainingRate() {
    // 24 fps source, 8 fps training: every third frame.
    assertThat(ClipSampler.frameIndices(100, 24, 5, 4, 8)).containsExactly(5, 8, 11, 14);
    assertThat(ClipSampler.span(24, 4, 8)).isEqualTo(10);
    // 4 fps source, 8 fps training: each frame twice.
    assertThat(ClipSampler.frameIndices(100, 4, 0, 4, 8)).containsExactly(0, 0, 1, 1);
    // Too short: the last frame is held.
    assertThat(ClipSampler.frameIndices(3, 8, 0, 5, 8)).containsExactly(0, 1, 2, 2, 2);
    // A still image (no rate) is a frozen clip.
    assertThat(ClipSampler.frameIndices(1, 0, 0, 3, 8)).containsExactly(0, 0, 0);
    assertThat(ClipSampler.span(0, 3, 8)).isEqualTo(1);
  }

  @Test
  void theSameSizeKeepsEveryPixel() {
    Clip clip = Clip.blank(2, 4, 6, 8);
    for (int i = 0; i < clip.rgb().length; i++) {
      clip.rgb()[i] = (i % 17) / 16f;
    }
    Clip out = ClipSampler.fit(clip, new int[] {1, 0}, 4, 6, 8);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 6; x++) {
        for (int c = 0; c < 3; c++) {
          assertThat(out.get(0, y, x, c)).isCloseTo(clip.get(1, y, x, c), within(1e-6f));
          assertThat(out.get(1, y, x, c)).isCloseTo(clip.get(0, y, x, c), within(1e-6f));
        }
      }
    }
  }

  @Test
  void shrinkingAveragesInsteadOfAliasing() {
    // A one-pixel checkerboard halved: every output pixel is the mean, 0.5, not 0 or 1.
    Clip board = Clip.blank(1, 8, 8, 1);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        for (int c = 0; c < 3; c++) {
          board.rgb()[board.index(0, y, x, c)] = (x + y) % 2;
        }
      }
    }
    Clip half = ClipSampler.fit(board, new int[] {0}, 4, 4, 1);
    for (int y = 1; y < 3; y++) { // inner pixels: borders see a clipped filter
      for (int x = 1; x < 3; x++) {
        assertThat(half.get(0, y, x, 0)).isCloseTo(0.5f, within(0.01f));
      }
    }
  }

  @Test
  void anotherAspectRatioIsCutAroundTheCentre() {
    // 4 rows by 12 columns: red, green in the middle third, blue; to a square.
    Clip wide = Clip.blank(1, 4, 12, 1);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 12; x++) {
        wide.rgb()[wide.index(0, y, x, x < 4 ? 0 : x < 8 ? 1 : 2)] = 1;
      }
    }
    Clip square = ClipSampler.fit(wide, new int[] {0}, 2, 2, 1);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        assertThat(square.get(0, y, x, 1)).isCloseTo(1f, within(1e-6f));
        assertThat(square.get(0, y, x, 0)).isCloseTo(0f, within(1e-6f));
        assertThat(square.get(0, y, x, 2)).isCloseTo(0f, within(1e-6f));
      }
    }
  }
}
