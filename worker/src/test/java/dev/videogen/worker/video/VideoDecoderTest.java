package dev.videogen.worker.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.worker.world.Background;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading parts of a video (the context for extend and connect), stills, and bad files. */
class VideoDecoderTest {
  @TempDir static Path dir;
  static Path mp4;
  static Clip all;

  @BeforeAll
  static void encode() throws IOException {
    mp4 = dir.resolve("clip.mp4");
    VideoEncoder.write(VideoRoundTripTest.synthetic(Background.GRADIENT), mp4);
    all = VideoDecoder.read(mp4);
  }

  @Test
  void aRangeIsThoseFramesOfTheWholeDecode() throws IOException {
    assertThat(VideoDecoder.read(mp4, 4, 10)).isEqualTo(all.frames(4, 10));
    assertThat(VideoDecoder.read(mp4, 0, 1)).isEqualTo(all.frames(0, 1));
    // A range past the end stops at the end.
    assertThat(VideoDecoder.read(mp4, 12, 100)).isEqualTo(all.frames(12, 16));
  }

  @Test
  void theLastFramesAreTheEndOfTheWholeDecode() throws IOException {
    assertThat(VideoDecoder.readLast(mp4, 3)).isEqualTo(all.frames(13, 16));
    assertThat(VideoDecoder.readLast(mp4, 1)).isEqualTo(all.frames(15, 16));
    assertThat(VideoDecoder.readLast(mp4, 100)).isEqualTo(all);
  }

  @Test
  void aRangeWithNoFramesIsAnError() {
    assertThatThrownBy(() -> VideoDecoder.read(mp4, 20, 30))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("has 16 frames: none in [20, 30)");
    assertThatThrownBy(() -> VideoDecoder.read(mp4, 5, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VideoDecoder.readLast(mp4, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aJpegIsAOneFrameClip() throws IOException {
    BufferedImage image = new BufferedImage(40, 24, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 40; x++) {
        image.setRGB(x, y, x < 20 ? 0xd02020 : 0x2020d0);
      }
    }
    Path jpg = dir.resolve("still.jpg");
    ImageIO.write(image, "jpg", jpg.toFile());
    Clip clip = VideoDecoder.read(jpg);
    assertThat(clip.frames()).isEqualTo(1);
    assertThat(clip.width()).isEqualTo(40);
    assertThat(clip.height()).isEqualTo(24);
    assertThat(clip.fps()).isEqualTo(VideoDecoder.STILL_FPS);
    // Left half red, right half blue, give or take JPEG's loss.
    assertThat(clip.get(0, 12, 5, 0)).isGreaterThan(0.7f);
    assertThat(clip.get(0, 12, 35, 2)).isGreaterThan(0.7f);
    MediaInfo info = MediaInfo.probe(jpg);
    assertThat(info.frames()).isEqualTo(1);
    assertThat(info.fps()).isZero();
    assertThat(info.codec()).isEqualTo("mjpeg");
  }

  @Test
  void garbageGetsAClearError() throws IOException {
    byte[] noise = new byte[4096];
    new Random(1).nextBytes(noise);
    Path garbage = dir.resolve("garbage.mp4");
    Files.write(garbage, noise);
    assertThatThrownBy(() -> VideoDecoder.read(garbage))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(garbage.toString())
        .hasMessageContaining("is not a video or image that FFmpeg can read")
        .hasMessageNotContaining("FFmpegLogCallback");
    assertThatThrownBy(() -> MediaInfo.probe(garbage))
        .hasMessageContaining("is not a video or image that FFmpeg can read");

    Path empty = Files.createFile(dir.resolve("empty.webm"));
    assertThatThrownBy(() -> VideoDecoder.read(empty))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not a video or image that FFmpeg can read");
  }

  @Test
  void aTruncatedMp4IsAnErrorNotAShorterVideo() throws IOException {
    // The first half of a faststart mp4: the index is there, half the frames are not.
    byte[] whole = Files.readAllBytes(mp4);
    Path half = dir.resolve("half.mp4");
    Files.write(half, java.util.Arrays.copyOf(whole, whole.length / 2));
    assertThatThrownBy(() -> VideoDecoder.read(half))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(half + " is truncated or damaged: its header declares 16 frames");
    // Frames that are there can still be read.
    assertThat(VideoDecoder.read(half, 0, 2)).isEqualTo(all.frames(0, 2));
  }

  @Test
  void aMissingFileOrADirectoryIsNamed() {
    Path missing = dir.resolve("missing.mp4");
    assertThatThrownBy(() -> VideoDecoder.read(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("no such video or image file");
    assertThatThrownBy(() -> MediaInfo.probe(missing)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> VideoDecoder.read(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not a readable file");
  }
}
