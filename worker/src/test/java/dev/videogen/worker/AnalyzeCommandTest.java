package dev.videogen.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.worker.video.FrameStrip;
import dev.videogen.worker.video.VideoEncoder;
import dev.videogen.worker.world.Background;
import dev.videogen.worker.world.ClipSpec;
import dev.videogen.worker.world.Colour;
import dev.videogen.worker.world.Direction;
import dev.videogen.worker.world.Shape;
import dev.videogen.worker.world.Speed;
import dev.videogen.worker.world.SyntheticWorld;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code worker analyze} on an mp4 of the synthetic world, through FFmpeg. */
class AnalyzeCommandTest {
  @Test
  void readsWhatAnEncodedClipShowsAndScoresItAgainstPrompts(@TempDir Path dir) throws Exception {
    ClipSpec spec =
        new ClipSpec(
            Colour.BLUE,
            Shape.SQUARE,
            Direction.DOWN,
            Speed.FAST,
            Background.GRADIENT,
            48,
            48,
            16,
            8,
            0.3,
            0.5,
            3);
    Path mp4 = dir.resolve("clip.mp4");
    VideoEncoder.write(SyntheticWorld.render(spec), mp4);

    Path strip = dir.resolve("strip.png");
    WorkerCliTest.Result shown =
        WorkerCliTest.run("analyze", mp4.toString(), "--strip", strip.toString());
    assertThat(shown.exitCode()).as(shown.err()).isZero();
    assertThat(FrameStrip.read(strip, 16, 8).frames()).isEqualTo(16);
    assertThat(shown.out())
        .contains("frames: 16", "colour: blue", "shape: square", "direction: down");

    WorkerCliTest.Result right =
        WorkerCliTest.run("analyze", mp4.toString(), "--prompt", "a blue square moves down");
    assertThat(right.exitCode()).as(right.err()).isZero();
    assertThat(right.out()).contains("matches: {colour=true, shape=true, direction=true}");

    WorkerCliTest.Result wrong =
        WorkerCliTest.run(
            "analyze", mp4.toString(), "--prompt", "a blue circle moves up", "--json");
    assertThat(wrong.exitCode()).isEqualTo(AnalyzeCommand.EXIT_MISMATCH);
    assertThat(wrong.out())
        .contains("\"matches\":{\"colour\":true,\"shape\":false,\"direction\":false}");
  }

  @Test
  void aMissingOrUnreadableFileIsAUsageErrorNotAMismatch(@TempDir Path dir) throws Exception {
    WorkerCliTest.Result missing = WorkerCliTest.run("analyze", dir.resolve("no.mp4").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file");
    Path text = java.nio.file.Files.writeString(dir.resolve("notes.mp4"), "not a video");
    WorkerCliTest.Result unreadable = WorkerCliTest.run("analyze", text.toString());
    assertThat(unreadable.exitCode()).isEqualTo(2);
    assertThat(unreadable.err()).contains("not a readable video");
  }
}
