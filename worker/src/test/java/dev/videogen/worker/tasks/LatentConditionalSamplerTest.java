package dev.videogen.worker.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        null);
  }

  @Test
  void framesGivenAtTheStartAreKeptAndTheirLatentsShapeTheRest() {
    Clip given = random(1, 5);
    Clip other = random(2, 5);
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(3);
      Clip a = render(manager, Conditioning.given(0, given));
      manager.getEngine().setRandomSeed(3);
      Clip again = render(manager, Conditioning.given(0, given));
      manager.getEngine().setRandomSeed(3);
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
  void framesGivenLaterAreRefused() {
    Conditioning later = Conditioning.given(4, random(1, 4));
    assertThat(LatentConditionalSampler.unsupported(later))
        .hasValueSatisfying(reason -> assertThat(reason).contains("frames given at frame 4"));
    assertThat(LatentConditionalSampler.unsupported(Conditioning.given(0, random(1, 2)))).isEmpty();
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> render(manager, later)).hasMessageContaining("not at the start");
    }
  }

  @Test
  void anEditStartsFromTheGuidesLatents() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(3);
      Clip a = render(manager, Conditioning.NONE.withGuide(random(1, 8), 0.5));
      manager.getEngine().setRandomSeed(3);
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
