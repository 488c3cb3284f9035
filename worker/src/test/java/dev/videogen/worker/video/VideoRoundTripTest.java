package dev.videogen.worker.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.worker.analysis.Analysis;
import dev.videogen.worker.analysis.Psnr;
import dev.videogen.worker.analysis.VideoAnalyzer;
import dev.videogen.worker.world.Background;
import dev.videogen.worker.world.ClipSpec;
import dev.videogen.worker.world.Colour;
import dev.videogen.worker.world.Direction;
import dev.videogen.worker.world.Shape;
import dev.videogen.worker.world.Speed;
import dev.videogen.worker.world.SyntheticWorld;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every format through real FFmpeg and back: size, frame count, frame rate and fidelity. */
class VideoRoundTripTest {
  /**
   * Lowest PSNR (dB, RGB on [0, 1]) accepted per format on a 16-frame 64x64 synthetic clip.
   * Measured with FFmpeg 8.1.2 (LGPL build, openh264 + libvpx), gradient / noise background:
   *
   * <ul>
   *   <li>mp4 (openh264, QP ≤ 20): 33.89 / 33.23
   *   <li>webm (VP9, crf 20): 33.84 / 33.29
   *   <li>gif (palette from the clip, Bayer dither): 41.03 / 41.26
   *   <li>png (APNG, lossless): 58.84 / 58.77, which is the 8-bit rounding of the float clip
   * </ul>
   *
   * For mp4 and webm the ceiling is yuv420p itself: the same clips through lossless VP9 in yuv420p
   * give 34.22 / 34.22 (the saturated object's edges lose chroma resolution), so the codecs' own
   * loss is under 1 dB. The thresholds leave about 1.2 dB of margin.
   */
  private static final Map<VideoFormat, Double> MIN_PSNR =
      Map.of(
          VideoFormat.MP4, 32.0,
          VideoFormat.WEBM, 32.0,
          VideoFormat.GIF, 39.5,
          VideoFormat.PNG, 57.0);

  private static final Map<VideoFormat, String> CODEC =
      Map.of(
          VideoFormat.MP4, "h264",
          VideoFormat.WEBM, "vp9",
          VideoFormat.GIF, "gif",
          VideoFormat.PNG, "apng");

  /** A red circle moving left at 8 fps: 8 fps is 12.5/100 s per frame, which GIF cannot hold. */
  static Clip synthetic(Background background) {
    return SyntheticWorld.render(
        new ClipSpec(
            Colour.RED,
            Shape.CIRCLE,
            Direction.LEFT,
            Speed.values()[0],
            background,
            64,
            64,
            16,
            8,
            0.3,
            0.5,
            7));
  }

  /** The clip as 8-bit values would hold it: what a lossless format returns exactly. */
  static Clip quantised(Clip clip) {
    float[] rgb = clip.rgb().clone();
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = FrameStrip.byteOf(rgb[i]) / 255f;
    }
    return new Clip(clip.frames(), clip.height(), clip.width(), clip.fps(), rgb);
  }

  @ParameterizedTest
  @EnumSource(VideoFormat.class)
  void roundTripKeepsSizeFramesRateAndFidelity(VideoFormat format, @TempDir Path dir)
      throws Exception {
    for (Background background : new Background[] {Background.GRADIENT, Background.NOISE}) {
      Clip original = synthetic(background);
      Path file = dir.resolve(background.name().toLowerCase() + "." + format.extension());
      VideoEncoder.write(original, file);

      Clip decoded = VideoDecoder.read(file);
      assertThat(decoded.frames()).isEqualTo(16);
      assertThat(decoded.width()).isEqualTo(64);
      assertThat(decoded.height()).isEqualTo(64);
      assertThat(decoded.fps()).isEqualTo(8.0);
      double psnr = Psnr.of(original, decoded);
      System.out.printf(
          "%s on %s: PSNR %.2f dB, %d bytes%n", format, background, psnr, Files.size(file));
      assertThat(psnr)
          .as("PSNR of %s on %s", format, background)
          .isGreaterThan(MIN_PSNR.get(format));

      MediaInfo info = MediaInfo.probe(file);
      assertThat(info.width()).isEqualTo(64);
      assertThat(info.height()).isEqualTo(64);
      assertThat(info.frames()).isEqualTo(16);
      assertThat(info.fps()).isEqualTo(8.0);
      assertThat(info.codec()).isEqualTo(CODEC.get(format));
      assertThat(info.bytes()).isEqualTo(Files.size(file));
    }
  }

  @ParameterizedTest
  @EnumSource(VideoFormat.class)
  void theAnalyzerSeesTheSameVideoAfterEncoding(VideoFormat format, @TempDir Path dir)
      throws Exception {
    Clip original = synthetic(Background.NOISE);
    Path file = dir.resolve("clip." + format.extension());
    VideoEncoder.write(original, file);
    Analysis before = VideoAnalyzer.analyze(original);
    Analysis after = VideoAnalyzer.analyze(VideoDecoder.read(file));
    assertThat(before.colour()).contains(Colour.RED);
    assertThat(before.shape()).contains(Shape.CIRCLE);
    assertThat(before.direction()).contains(Direction.LEFT);
    assertThat(after.colour()).isEqualTo(before.colour());
    assertThat(after.shape()).isEqualTo(before.shape());
    assertThat(after.direction()).isEqualTo(before.direction());
    assertThat(after.speed()).isCloseTo(before.speed(), org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void severalPngFramesAreOneLosslessAnimatedPng(@TempDir Path dir) throws Exception {
    Clip original = synthetic(Background.NOISE);
    Path file = dir.resolve("clip.png");
    VideoEncoder.write(original, file);
    assertThat(VideoDecoder.read(file)).isEqualTo(quantised(original));
    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    assertThat(bytes).startsWith("\u0089PNG").contains("acTL");
    // A viewer that knows only PNG shows the first frame.
    BufferedImage first = ImageIO.read(file.toFile());
    assertThat(first.getWidth()).isEqualTo(64);
  }

  @Test
  void oneFrameIsAPlainPngOfAnySize(@TempDir Path dir) throws Exception {
    Clip image =
        SyntheticWorld.render(
            new ClipSpec(
                Colour.BLUE,
                Shape.SQUARE,
                Direction.UP,
                Speed.values()[0],
                Background.GRADIENT,
                33,
                21,
                1,
                8,
                0.4,
                0.5,
                3));
    Path file = dir.resolve("image.png");
    VideoEncoder.write(image, file);
    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    assertThat(bytes).startsWith("\u0089PNG").doesNotContain("acTL");
    Clip decoded = VideoDecoder.read(file);
    assertThat(decoded.frames()).isEqualTo(1);
    assertThat(decoded.fps()).isEqualTo(VideoDecoder.STILL_FPS);
    assertThat(decoded.rgb()).isEqualTo(quantised(image).rgb());
    MediaInfo info = MediaInfo.probe(file);
    assertThat(info.frames()).isEqualTo(1);
    assertThat(info.fps()).isZero();
    assertThat(info.codec()).isEqualTo("png");
    assertThat(info.width()).isEqualTo(33);
    assertThat(info.height()).isEqualTo(21);
  }

  @ParameterizedTest
  @EnumSource(VideoFormat.class)
  void twoFramesKeepTheirRate(VideoFormat format, @TempDir Path dir) throws Exception {
    // Two frames give FFmpeg's rate estimate the least to go on (it calls a two-frame APNG 100000
    // fps); 12.5 fps is 8/100 s per frame, which GIF holds exactly.
    Clip clip = synthetic(Background.GREY).frames(0, 2);
    clip = new Clip(2, clip.height(), clip.width(), 12.5, clip.rgb());
    Path file = dir.resolve("two." + format.extension());
    VideoEncoder.write(clip, file);
    assertThat(MediaInfo.probe(file).fps()).isEqualTo(12.5);
    assertThat(VideoDecoder.read(file).fps()).isEqualTo(12.5);
  }

  @Test
  void theShippedFfmpegIsLgplWithOpenh264AndLibvpx() {
    System.out.printf(
        "FFmpeg %s, %s, H.264 by %s%n", Ffmpeg.version(), Ffmpeg.license(), Ffmpeg.H264_ENCODER);
    assertThat(Ffmpeg.license()).contains("LGPL");
    // libx264 is GPL: an LGPL build cannot have it, so H.264 must come from openh264.
    assertThat(Ffmpeg.hasEncoder("libx264")).isFalse();
    assertThat(Ffmpeg.H264_ENCODER).isEqualTo("libopenh264");
    assertThat(Ffmpeg.hasEncoder("libopenh264")).isTrue();
    assertThat(Ffmpeg.hasEncoder("libvpx-vp9")).isTrue();
    assertThat(Ffmpeg.hasEncoder("gif")).isTrue();
    assertThat(Ffmpeg.hasEncoder("apng")).isTrue();
    assertThat(Ffmpeg.hasEncoder("no-such-encoder")).isFalse();
  }

  @Test
  void mp4IsFastStart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("clip.mp4");
    VideoEncoder.write(synthetic(Background.BLACK), file);
    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    assertThat(bytes.indexOf("moov")).isPositive().isLessThan(bytes.indexOf("mdat"));
  }
}
