package dev.videogen.worker.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.videogen.api.v1alpha1.spec.ExtendDirection;
import dev.videogen.worker.diffusion.EulerSampler;
import dev.videogen.worker.diffusion.SampleInput;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.model.Prediction;
import dev.videogen.worker.model.RandomWeights;
import dev.videogen.worker.vae.CausalVae;
import dev.videogen.worker.vae.LatentSpace;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.world.ClipSpec;
import dev.videogen.worker.world.SyntheticWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every task on a model with random weights (so the rendered frames depend on everything): the
 * output's length and size, the given frames kept exactly, and the checks on bad requests.
 */
class VideoTasksTest {
  private static final DitConfig CONFIG = DitConfig.tiny().withWidth(48, 4).withDepth(1);
  private static final SamplerSettings SETTINGS = new SamplerSettings(3, 2, 0, 9);
  private static NDManager manager;
  private static PatchDit model;
  private static VideoTasks tasks;

  @BeforeAll
  static void model() {
    Engine.getInstance().setRandomSeed(1);
    manager = NDManager.newBaseManager();
    model = PatchDit.create(CONFIG, manager);
    RandomWeights.fill(model, 4, List.of());
    tasks = new VideoTasks(model, SETTINGS, 8, null);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static Clip clip(long seed, int frames) {
    ClipSpec spec = SyntheticWorld.sampleAny(new SplittableRandom(seed), 16, 16, frames, 8);
    return SyntheticWorld.render(spec);
  }

  @Test
  void theSamplerKeepsGivenFramesExactly() {
    Shape shape = new Shape(2, 3, 5, 16, 16);
    NDArray reference = manager.randomUniform(-1, 1, shape);
    NDArray mask = manager.create(new float[] {1, 0, 0, 1, 1, 0, 1, 0, 0, 0}, new Shape(2, 5));
    NDArray out =
        EulerSampler.sample(
            model,
            manager,
            List.of("a red circle", "a blue square"),
            SampleInput.noise(shape).withFrames(reference, mask),
            SETTINGS,
            null);
    for (String given : List.of("0, :, 0", "0, :, 3", "0, :, 4", "1, :, 1")) {
      assertThat(out.get(given).contentEquals(reference.get(given))).as(given).isTrue();
    }
    for (String rendered : List.of("0, :, 1", "1, :, 0", "1, :, 4")) {
      assertThat(out.get(rendered).sub(reference.get(rendered)).abs().max().getFloat())
          .as(rendered)
          .isGreaterThan(0.01f);
    }
  }

  @Test
  void imageToVideoStartsWithTheImageExactly() {
    Clip image = clip(1, 1);
    Clip video = tasks.imageToVideo("a red circle moves left", image, 6, 8);
    assertThat(video.frames()).isEqualTo(6);
    assertThat(video.frames(0, 1).rgb()).isEqualTo(image.rgb());
    assertThat(video.frames(1, 2).rgb()).isNotEqualTo(image.rgb());
  }

  @Test
  void extendingKeepsTheInputAndAddsFramesOnItsSide() {
    Clip input = clip(2, 6);
    // 9 new frames in windows of 8 with 3 context frames: 5 + 4 new frames, two renders.
    assertThat(tasks.windows(9, 3)).isEqualTo(2);
    Clip forward = tasks.extend("x", input, ExtendDirection.Forward, 9, 3);
    assertThat(forward.frames()).isEqualTo(15);
    assertThat(forward.frames(0, 6)).isEqualTo(input);
    Clip backward = tasks.extend("x", input, ExtendDirection.Backward, 9, 3);
    assertThat(backward.frames()).isEqualTo(15);
    assertThat(backward.frames(9, 15)).isEqualTo(input);
    assertThat(backward.frames(0, 9)).isNotEqualTo(forward.frames(6, 15));
  }

  @Test
  void aLoopBridgesTheEndBackToTheStartAndConnectKeepsBothVideos() {
    Clip input = clip(3, 5);
    Clip loop = tasks.loop("x", input, ExtendDirection.Forward, 4, 1);
    assertThat(loop.frames()).isEqualTo(9);
    assertThat(loop.frames(0, 5)).isEqualTo(input);
    Clip before = tasks.loop("x", input, ExtendDirection.Backward, 4, 1);
    assertThat(before.frames(4, 9)).isEqualTo(input);
    // The same bridge either way: same seed, same conditioning.
    assertThat(before.frames(0, 4)).isEqualTo(loop.frames(5, 9));

    Clip a = clip(4, 4);
    Clip b = clip(5, 3);
    Clip connected = tasks.connect("x", a, b, 4, 2);
    assertThat(connected.frames()).isEqualTo(11);
    assertThat(connected.frames(0, 4)).isEqualTo(a);
    assertThat(connected.frames(8, 11)).isEqualTo(b);
    assertThat(tasks.fill("x", a, b, 4, 2)).isEqualTo(connected.frames(4, 8));
  }

  @Test
  void anEditStaysCloserToItsInputTheLowerTheStrength() {
    // A random head that predicts the clean video pulls every strength to the same random video;
    // a random velocity head keeps the trace of where SDEdit started, which is what this checks.
    PatchDit velocityModel = PatchDit.create(CONFIG.withPrediction(Prediction.VELOCITY), manager);
    RandomWeights.fill(velocityModel, 4, List.of());
    VideoTasks velocityTasks = new VideoTasks(velocityModel, SETTINGS, 8, null);
    Clip input = clip(6, 4);
    double previous = 0;
    for (double strength : new double[] {0.1, 0.5, 1.0}) {
      Clip edited = velocityTasks.edit("a blue square", input, strength);
      assertThat(edited.frames()).isEqualTo(4);
      double distance = 0;
      for (int i = 0; i < input.rgb().length; i++) {
        distance += Math.abs(input.rgb()[i] - edited.rgb()[i]);
      }
      assertThat(distance).as("strength %s", strength).isGreaterThan(previous);
      previous = distance;
    }
  }

  @Test
  void anImageIsOneFrameOfAnySizeAndTextToVideoHasTheAskedSize() {
    Clip image = tasks.image("a green square", 24, 12);
    assertThat(image.frames()).isEqualTo(1);
    assertThat(image.width()).isEqualTo(24);
    assertThat(image.height()).isEqualTo(12);
    Clip video = tasks.textToVideo("a green square moves up", 12, 20, 3, 8);
    assertThat(List.of(video.frames(), video.width(), video.height())).containsExactly(3, 12, 20);
  }

  @Test
  void progressCountsStepsOverEveryRender() {
    List<int[]> heard = new ArrayList<>();
    VideoTasks listening =
        new VideoTasks(model, SETTINGS, 8, (done, total) -> heard.add(new int[] {done, total}));
    // Context 3 (4 would put the seam on a token boundary), windows of 8: 5 + 5 new frames.
    listening.extend("x", clip(7, 4), ExtendDirection.Forward, 10, 4);
    assertThat(heard).hasSize(6);
    assertThat(heard.get(5)).containsExactly(6, 6);
    assertThat(heard.get(3)).containsExactly(4, 6);
  }

  @Test
  void onLatentsGivenFramesFillWholeLatentFrames() {
    try (NDManager m = NDManager.newBaseManager()) {
      LatentSpace space = new LatentSpace(CausalVae.create(VaeConfig.tiny(), m), 0f, 1f);
      VideoTasks latent =
          new VideoTasks(
              PatchDit.create(CONFIG.withChannels(8).withPatch(1, 1, 1), m),
              space,
              SETTINGS,
              12,
              null);
      // Before the new frames: 1 + 4m (frame 0's latent and m whole ones), at least the context.
      assertThat(List.of(latent.head(1, 20), latent.head(3, 20), latent.head(5, 20)))
          .containsExactly(1, 5, 5);
      assertThat(latent.head(6, 20)).isEqualTo(9);
      assertThat(latent.head(6, 7)).as("as many whole latents as the video holds").isEqualTo(5);
      assertThat(latent.head(3, 3)).isEqualTo(1);
      // After them: multiples of 4, starting a latent frame (frame 1 + 4j) after the lead.
      assertThat(List.of(latent.tail(3, 20), latent.tail(4, 20), latent.tail(5, 20)))
          .containsExactly(4, 4, 8);
      assertThat(latent.tail(5, 6)).isEqualTo(4);
      assertThat(latent.tail(3, 2)).as("fewer than one latent frame: as given").isEqualTo(2);
      for (int fresh = 1; fresh <= 8; fresh++) {
        assertThat((latent.lead(fresh) + fresh) % VaeConfig.TIME).isEqualTo(1);
      }
    }
  }

  @Test
  void contextsThatWouldPutTheSeamOnATokenBoundaryGiveOneFrameLess() {
    assertThat(CONFIG.patchT()).isEqualTo(2);
    assertThat(tasks.head(1, 10)).isEqualTo(1);
    assertThat(tasks.head(2, 10)).isEqualTo(1);
    assertThat(tasks.head(3, 10)).isEqualTo(3);
    assertThat(tasks.head(4, 10)).isEqualTo(3);
    assertThat(tasks.head(4, 2)).as("as many as the video holds").isEqualTo(1);
    assertThat(tasks.tail(4, 10)).isEqualTo(4);
    assertThat(List.of(tasks.lead(4), tasks.lead(5))).containsExactly(1, 0);
    try (NDManager m = NDManager.newBaseManager()) {
      VideoTasks framewise =
          new VideoTasks(PatchDit.create(CONFIG.withPatch(1, 4, 4), m), SETTINGS, 8, null);
      assertThat(framewise.head(4, 10)).isEqualTo(4);
    }
    // Backward windows whose new frames fill whole tokens render one more that is dropped: the
    // lengths are as asked.
    Clip input = clip(10, 4);
    Clip earlier = tasks.extend("x", input, ExtendDirection.Backward, 6, 3); // 5 + 1 new frames
    assertThat(earlier.frames()).isEqualTo(10);
    assertThat(earlier.frames(6, 10)).isEqualTo(input);
  }

  @Test
  void badRequestsAreRefusedWithAMessage() {
    Clip input = clip(8, 4);
    assertThatThrownBy(() -> tasks.extend("x", input, ExtendDirection.Forward, 4, 8))
        .hasMessageContaining("context frames must be in [1, 7]");
    assertThatThrownBy(() -> tasks.extend("x", input, ExtendDirection.Forward, 0, 2))
        .hasMessageContaining("at least one new frame");
    assertThatThrownBy(() -> tasks.connect("x", input, clip(9, 4).frames(0, 1), 0, 1))
        .hasMessageContaining("at least one new frame");
    Clip wide =
        SyntheticWorld.render(SyntheticWorld.sampleAny(new SplittableRandom(1), 32, 16, 2, 8));
    assertThatThrownBy(() -> tasks.connect("x", input, wide, 4, 1))
        .hasMessageContaining("differ in size");
    assertThatThrownBy(() -> tasks.imageToVideo("x", input, 1, 8))
        .hasMessageContaining("at least 2 frames");
    assertThatThrownBy(() -> tasks.edit("x", input, 0))
        .hasMessageContaining("strength must be in (0, 1]");
    // The low-level entry point checks positions and sizes.
    assertThatThrownBy(
            () ->
                ConditionalSampler.render(
                    model,
                    "x",
                    16,
                    16,
                    4,
                    8,
                    Conditioning.given(2, input.frames(0, 3)),
                    SETTINGS,
                    null))
        .hasMessageContaining("given frames [2, 5) outside a 4-frame output");
    assertThatThrownBy(
            () ->
                ConditionalSampler.render(
                    model,
                    "x",
                    16,
                    16,
                    4,
                    8,
                    Conditioning.given(0, input.frames(0, 2)).and(1, input.frames(0, 1)),
                    SETTINGS,
                    null))
        .hasMessageContaining("output frame 1 is given twice");
    assertThatThrownBy(
            () ->
                ConditionalSampler.render(
                    model, "x", 16, 16, 4, 8, Conditioning.given(0, input), SETTINGS, null))
        .hasMessageContaining("nothing is left to render");
    assertThatThrownBy(
            () ->
                ConditionalSampler.render(
                    model,
                    "x",
                    32,
                    16,
                    4,
                    8,
                    Conditioning.given(0, input.frames(0, 1)),
                    SETTINGS,
                    null))
        .hasMessageContaining("inputs must have the output's size");
  }
}
