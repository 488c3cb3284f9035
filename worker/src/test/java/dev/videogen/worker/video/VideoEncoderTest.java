package dev.videogen.worker.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.worker.world.Background;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Writes are atomic, and what a format cannot hold is refused with a message that says why. */
class VideoEncoderTest {
  private static List<Path> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(Path::getFileName).sorted().toList();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = VideoFormat.class,
      names = {"MP4", "WEBM", "GIF"})
  void anOddSizeIsRefusedBeforeAnythingIsWritten(VideoFormat format, @TempDir Path dir) {
    Clip odd = Clip.blank(4, 32, 33, 8);
    Path file = dir.resolve("odd." + format.extension());
    assertThatThrownBy(() -> VideoEncoder.write(odd, file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs an even width and height")
        .hasMessageContaining("got 33x32");
    assertThat(dir).isEmptyDirectory();
  }

  @ParameterizedTest
  @EnumSource(
      value = VideoFormat.class,
      names = {"WEBM", "GIF"})
  void whenFfmpegFailsNothingAppearsAndTheOldFileStays(VideoFormat format, @TempDir Path dir)
      throws IOException {
    // Wider than VP9 (65536) and GIF (65535) allow: FFmpeg itself refuses, after the temporary
    // file exists.
    Clip tooWide = Clip.blank(2, 2, 70_000, 8);
    Path fresh = dir.resolve("fresh." + format.extension());
    assertThatThrownBy(() -> VideoEncoder.write(tooWide, fresh))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("FFmpeg could not write Clip[2x2x70000")
        .hasMessageContaining(format == VideoFormat.WEBM ? "g_w out of range" : "GIF does not");
    assertThat(dir).isEmptyDirectory();

    Path existing = dir.resolve("existing." + format.extension());
    VideoEncoder.write(VideoRoundTripTest.synthetic(Background.GREY), existing);
    byte[] before = Files.readAllBytes(existing);
    assertThatThrownBy(() -> VideoEncoder.write(tooWide, existing)).isInstanceOf(IOException.class);
    assertThat(Files.readAllBytes(existing)).isEqualTo(before);
    assertThat(listing(dir)).containsExactly(existing.getFileName());
  }

  @Test
  void mp4RefusesWhatOpenh264CannotEncode(@TempDir Path dir) {
    assertThatThrownBy(() -> VideoEncoder.write(Clip.blank(2, 8, 8, 8), dir.resolve("a.mp4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs at least 16x16 pixels, got 8x8");
    assertThatThrownBy(() -> VideoEncoder.write(Clip.blank(2, 16, 16, 1e-3), dir.resolve("b.mp4")))
        .hasMessageContaining("needs a frame rate in [0.1, 240.0]");
    assertThatThrownBy(() -> VideoEncoder.write(Clip.blank(2, 16, 16, 60), dir.resolve("c.gif")))
        .hasMessageContaining("gif needs a frame rate in [0.1, 50.0]");
  }

  @Test
  void overwritingReplacesTheFileWhole(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("clip.webm");
    VideoEncoder.write(VideoRoundTripTest.synthetic(Background.GREY), file);
    Clip other = VideoRoundTripTest.synthetic(Background.NOISE).frames(0, 5);
    VideoEncoder.write(other, file);
    assertThat(VideoDecoder.read(file).frames()).isEqualTo(5);
    assertThat(listing(dir)).containsExactly(file.getFileName());
    // An ordinary file, not the owner-only mode of a temporary file.
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void theExtensionMustNameAFormat(@TempDir Path dir) {
    assertThatThrownBy(() -> VideoEncoder.write(Clip.blank(1, 16, 16, 8), dir.resolve("a.avi")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mp4, webm, gif or png");
    assertThat(VideoFormat.parse("MP4")).isEqualTo(VideoFormat.MP4);
    assertThatThrownBy(() -> VideoFormat.parse("mkv")).hasMessageContaining("unknown video format");
  }
}
