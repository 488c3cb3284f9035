package dev.videogen.worker.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shapes, causality and chunked decoding of the causal video autoencoder (random weights); the
 * structural properties for both forms, with residual shortcuts (every new autoencoder) and without
 * (autoencoders saved before them).
 */
class CausalVaeTest {
  private static final VaeConfig CONFIG = new VaeConfig(3, 4, 8);
  private NDManager manager;
  private CausalVae vae;
  private ParameterStore ps;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    manager.getEngine().setRandomSeed(5);
    vae = CausalVae.create(CONFIG, manager);
    ps = new ParameterStore(manager, false);
  }

  /** A fresh autoencoder of {@link #CONFIG}'s sizes, with or without the residual shortcuts. */
  private CausalVae form(boolean residual) {
    VaeConfig c = CONFIG;
    return CausalVae.create(
        new VaeConfig(c.channels(), c.latentChannels(), c.width(), residual), manager);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void videosOfOnePlusFourKFramesBecomeOnePlusKLatentFramesAndBack() {
    for (int k = 0; k <= 2; k++) {
      int frames = 1 + 4 * k;
      NDArray video = manager.randomUniform(-1, 1, new Shape(2, 3, frames, 16, 24));
      NDList posterior = vae.encode(ps, video, false);
      assertThat(posterior.get(0).getShape()).isEqualTo(new Shape(2, 4, 1 + k, 2, 3));
      assertThat(posterior.get(1).getShape()).isEqualTo(new Shape(2, 4, 1 + k, 2, 3));
      assertThat(vae.decode(ps, posterior.get(0), false).getShape())
          .isEqualTo(new Shape(2, 3, frames, 16, 24));
    }
  }

  @Test
  void otherFrameCountsAndSizesAreRefusedWithWhatIsExpected() {
    assertThatThrownBy(() -> vae.encode(ps, manager.zeros(new Shape(1, 3, 4, 16, 16)), false))
        .hasMessageContaining("1 + 4k frames (1, 5, 9, …), got 4");
    assertThatThrownBy(() -> vae.encode(ps, manager.zeros(new Shape(1, 3, 5, 12, 16)), false))
        .hasMessageContaining("divide by 8, got 12x16");
  }

  @ParameterizedTest(name = "residual {0}")
  @ValueSource(booleans = {true, false})
  void changingAFrameLeavesTheLatentsOfEarlierFramesUnchanged(boolean residual) {
    CausalVae vae = form(residual);
    NDArray video = manager.randomUniform(-1, 1, new Shape(1, 3, 9, 16, 16));
    NDArray changed = video.duplicate();
    changed.set(new NDIndex(":, :, 5"), 0.9f); // frame 5 belongs to latent frame 2 (frames 5–8)
    NDArray before = vae.encode(ps, video, false).get(0);
    NDArray after = vae.encode(ps, changed, false).get(0);
    NDArray early = before.get(new NDIndex(":, :, :2")).sub(after.get(new NDIndex(":, :, :2")));
    assertThat(early.abs().max().getFloat()).isEqualTo(0f);
    NDArray late = before.get(new NDIndex(":, :, 2")).sub(after.get(new NDIndex(":, :, 2")));
    assertThat(late.abs().max().getFloat()).isGreaterThan(1e-4f);
  }

  @ParameterizedTest(name = "residual {0}")
  @ValueSource(booleans = {true, false})
  void decodingIsCausalToo(boolean residual) {
    CausalVae vae = form(residual);
    NDArray latent = manager.randomNormal(new Shape(1, 4, 4, 2, 2));
    NDArray changed = latent.duplicate();
    changed.set(new NDIndex(":, :, 2"), 3f); // latent frame 2 decodes to frames 5–8
    NDArray before = vae.decode(ps, latent, false);
    NDArray after = vae.decode(ps, changed, false);
    NDArray early = before.get(new NDIndex(":, :, :5")).sub(after.get(new NDIndex(":, :, :5")));
    assertThat(early.abs().max().getFloat()).isEqualTo(0f);
    assertThat(before.sub(after).abs().max().getFloat()).isGreaterThan(1e-4f);
  }

  @ParameterizedTest(name = "residual {0}")
  @ValueSource(booleans = {true, false})
  void chunkedDecodingEqualsDecodingTheWholeLatent(boolean residual) {
    CausalVae vae = form(residual);
    int latentFrames = 2 * VaeDecoder.CONTEXT + 3; // longer than a chunk and its context
    NDArray latent = manager.randomNormal(new Shape(1, 4, latentFrames, 2, 2));
    NDArray whole = vae.decode(ps, latent, false);
    for (int chunk : new int[] {1, 4, latentFrames}) {
      NDArray chunked = vae.decodeChunked(ps, latent, chunk);
      assertThat(chunked.getShape()).isEqualTo(whole.getShape());
      assertThat(chunked.sub(whole).abs().max().getFloat())
          .as("chunks of %d latent frames", chunk)
          .isLessThan(1e-4f);
    }
  }

  @ParameterizedTest(name = "residual {0}")
  @ValueSource(booleans = {true, false})
  void chunkedEncodingEqualsEncodingTheWholeVideo(boolean residual) {
    CausalVae vae = form(residual);
    int latentFrames = VaeEncoder.CONTEXT + 7; // chunks that start past their context
    NDArray video =
        manager.randomUniform(-1, 1, new Shape(1, 3, VaeConfig.videoFrames(latentFrames), 8, 8));
    NDList whole = vae.encode(ps, video, false);
    for (int chunk : new int[] {1, 3, latentFrames}) {
      NDList chunked = vae.encodeChunked(ps, video, chunk);
      for (int i = 0; i < 2; i++) {
        assertThat(chunked.get(i).getShape()).isEqualTo(whole.get(i).getShape());
        assertThat(chunked.get(i).sub(whole.get(i)).abs().max().getFloat())
            .as("chunks of %d latent frames, output %d", chunk, i)
            .isLessThan(1e-4f);
      }
    }
  }

  @Test
  void gradientsReachTheEncoderThroughTheSampledLatentAndTheKlTerm() {
    NDArray video = manager.randomUniform(-1, 1, new Shape(1, 3, 5, 16, 16));
    NDArray noise = manager.randomNormal(new Shape(1, 4, 2, 2, 2));
    ParameterStore training = new ParameterStore(manager, false);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDList out = vae.forward(training, new NDList(video, noise), true);
      assertThat(out.get(0).getShape()).isEqualTo(video.getShape());
      NDArray loss =
          out.get(0).sub(video).square().mean().add(CausalVae.kl(out.get(1), out.get(2)));
      collector.backward(loss);
    }
    float encoderGradient = 0;
    for (var p : vae.getParameters()) {
      if (p.getKey().contains("encoder")) {
        encoderGradient += p.getValue().getArray().getGradient().abs().sum().getFloat();
      }
    }
    assertThat(encoderGradient).isGreaterThan(0f);
  }

  @Test
  void theKlTermIsZeroForTheStandardNormalAndPositiveOtherwise() {
    NDArray zero = manager.zeros(new Shape(2, 4, 1, 2, 2));
    assertThat(CausalVae.kl(zero, zero).getFloat()).isEqualTo(0f);
    assertThat(CausalVae.kl(zero.add(1f), zero).getFloat()).isEqualTo(0.5f);
  }
}
