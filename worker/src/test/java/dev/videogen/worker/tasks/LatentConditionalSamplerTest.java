package dev.videogen.worker.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.model.RandomWeights;
import dev.videogen.worker.vae.CausalVae;
import dev.videogen.worker.vae.LatentSpace;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.video.Clip;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Conditioning in latent space, with an untrained autoencoder and transformer. */
class LatentConditionalSamplerTest {
  static final SamplerSettings SETTINGS = new SamplerSettings(2, 2.0, 0, 7);

  static Clip random(long seed, int frames) {
    Clip clip = Clip.blank(frames, 16, 16, 8);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < clip.rgb().length; i++) {
      clip.rgb()[i] = (float) random.nextDouble();
    }
    return clip;
  }

  static Clip render(NDManager manager, Conditioning conditioning) {
    return render(manager, conditioning, null);
  }

  static Clip render(
      NDManager manager, Conditioning conditioning, java.util.function.IntConsumer onStep) {
    manager.getEngine().setRandomSeed(3); // the same weights for every render of a test
    CausalVae vae = CausalVae.create(new VaeConfig(3, 4, 8), manager);
    PatchDit dit =
        PatchDit.create(
            DitConfig.tiny().withDepth(1).withWidth(32, 2).withPatch(1, 1, 1).withChannels(4),
            manager);
    // Untrained layers start at zero (adaLN-Zero): small random weights make the output depend
    // on the input.
    RandomWeights.fill(dit, 5, java.util.List.of());
    return LatentConditionalSampler.render(
        new LatentSpace(vae, 0.1f, 2f),
        dit,
        "a red circle",
        16,
        16,
        8,
        8,
        conditioning,
        SETTINGS,
        onStep);
  }

  @Test
  void framesGivenAtTheStartAreKeptAndTheirLatentsShapeTheRest() {
    Clip given = random(1, 5);
    Clip other = random(2, 5);
    try (NDManager manager = NDManager.newBaseManager()) {
      Clip a = render(manager, Conditioning.given(0, given));
      Clip again = render(manager, Conditioning.given(0, given));
      Clip b = render(manager, Conditioning.given(0, other));

      assertThat(a.frames()).isEqualTo(8);
      assertThat(a.frames(0, 5).rgb()).containsExactly(given.rgb());
      assertThat(a.rgb()).containsExactly(again.rgb());
      // Latent frames 0 and 1 are the given frames' encoding, which the decoder carries into the
      // frames after them: other given frames, other rendered frames.
      assertThat(Arrays.equals(a.frames(5, 8).rgb(), b.frames(5, 8).rgb())).isFalse();
    }
  }

  @Test
  void framesGivenAtTheEndAreKeptAndTheirLatentsShapeTheFramesBefore() {
    // Frames 4–7 of 8: latent frame 1 (frames 1–4) ends on a given frame and is kept; frames 1–3
    // are rendered, so it is encoded from the first pass's video in a second pass.
    Clip tail = random(1, 4);
    Clip other = random(2, 4);
    try (NDManager manager = NDManager.newBaseManager()) {
      java.util.List<Integer> steps = new java.util.ArrayList<>();
      Clip a = render(manager, Conditioning.given(4, tail), steps::add);
      Clip again = render(manager, Conditioning.given(4, tail));
      Clip b = render(manager, Conditioning.given(4, other));
      Clip none = render(manager, Conditioning.NONE);

      assertThat(a.frames(4, 8).rgb()).containsExactly(tail.rgb());
      assertThat(a.rgb()).containsExactly(again.rgb());
      // Decoding is causal: frames 0–3 come from latent frames 0 and 1 only, so they differ with
      // the given frames only through the kept latent frame and what the model made of it.
      assertThat(Arrays.equals(a.frames(0, 4).rgb(), b.frames(0, 4).rgb())).isFalse();
      assertThat(Arrays.equals(a.frames(0, 4).rgb(), none.frames(0, 4).rgb())).isFalse();
      // Two passes of SETTINGS.steps() each, reported as one rising count.
      assertThat(steps).hasSize(2 * SETTINGS.steps()).isSorted();
      assertThat(steps.get(steps.size() - 1)).isEqualTo(SETTINGS.steps());
    }
  }

  @Test
  void framesGivenAtBothEndsAreKept() {
    Clip head = random(1, 1);
    Clip tail = random(2, 1);
    try (NDManager manager = NDManager.newBaseManager()) {
      Clip out = render(manager, Conditioning.given(0, head).and(4, tail));
      assertThat(out.frames(0, 1).rgb()).containsExactly(head.rgb());
      assertThat(out.frames(4, 5).rgb()).containsExactly(tail.rgb());
    }
  }

  @Test
  void anEditStartsFromTheGuidesLatents() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Clip a = render(manager, Conditioning.NONE.withGuide(random(1, 8), 0.5));
      Clip b = render(manager, Conditioning.NONE.withGuide(random(2, 8), 0.5));
      assertThat(a.frames()).isEqualTo(8);
      assertThat(Arrays.equals(a.rgb(), b.rgb())).as("the guide matters").isFalse();
    }
  }

  @Test
  void latentFramesCoverTheFramesAsked() {
    assertThat(VaeConfig.latentFramesCovering(1)).isEqualTo(1);
    assertThat(VaeConfig.latentFramesCovering(5)).isEqualTo(2);
    assertThat(VaeConfig.latentFramesCovering(8)).isEqualTo(3);
    assertThat(VaeConfig.latentFramesCovering(9)).isEqualTo(3);
    assertThat(VaeConfig.videoFrames(VaeConfig.latentFramesCovering(10))).isEqualTo(13);
  }
}
