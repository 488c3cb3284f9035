package dev.videogen.worker.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.videogen.worker.diffusion.EulerSampler;
import dev.videogen.worker.diffusion.SampleInput;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.diffusion.TextToVideo;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.model.RandomWeights;
import dev.videogen.worker.train.TrainingBatch;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.world.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The latent space a diffusion model trains in: normalisation, shapes, and the weights file. */
class LatentSpaceTest {
  private static final TrainingBatch.Source CLIPS =
      new SyntheticDataset(List.of(new SyntheticDataset.Bucket(5, 16, 24, 8)), 3);

  @Test
  void measuredLatentsHaveZeroMeanAndUnitVariance() {
    try (NDManager m = NDManager.newBaseManager()) {
      m.getEngine().setRandomSeed(5);
      CausalVae vae = CausalVae.create(VaeConfig.tiny(), m);
      LatentSpace space = LatentSpace.measure(vae, CLIPS, 2, 3);
      double sum = 0;
      double squares = 0;
      int count = 0;
      for (int step = 1; step <= 2; step++) {
        TrainingBatch latents = space.encode(CLIPS.batch(step, 3));
        assertEquals(new Shape(3, 8, 2, 2, 3), latents.shape(), "(B, z, 1 + k, H/8, W/8)");
        assertEquals(CLIPS.batch(step, 3).prompts(), latents.prompts());
        for (float v : latents.video()) {
          sum += v;
          squares += v * v;
          count++;
        }
      }
      assertEquals(0, sum / count, 1e-4);
      assertEquals(1, squares / count, 1e-3);
      assertEquals(new Shape(3, 8, 2, 2, 3), space.latentShape(new Shape(3, 3, 5, 16, 24)));
    }
  }

  @Test
  void decodesNormalisedLatentsToClippedFrames() {
    try (NDManager m = NDManager.newBaseManager()) {
      CausalVae vae = CausalVae.create(VaeConfig.tiny(), m);
      LatentSpace space = new LatentSpace(vae, 0.5f, 0.01f); // a tiny scale: huge raw latents
      NDArray video = space.decode(m.randomNormal(new Shape(1, 8, 2, 2, 3)));
      assertEquals(new Shape(1, 3, 5, 16, 24), video.getShape());
      assertTrue(video.max().getFloat() <= 1f && video.min().getFloat() >= -1f);
      assertThrows(IllegalArgumentException.class, () -> new LatentSpace(vae, 0f, 0f));
    }
  }

  @Test
  void rendersUnclippedLatentsThroughTheDecoder() {
    try (NDManager m = NDManager.newBaseManager()) {
      LatentSpace space = new LatentSpace(CausalVae.create(VaeConfig.tiny(), m), 0f, 1f);
      PatchDit model = PatchDit.create(DitConfig.tiny().withChannels(8).withPatch(1, 1, 1), m);
      RandomWeights.fill(model, 3, List.of());
      SamplerSettings settings = new SamplerSettings(3, 8, 0, 1);
      NDArray latents =
          EulerSampler.sampleLatents(
              model,
              m,
              List.of("a red square"),
              SampleInput.noise(new Shape(1, 8, 2, 2, 3)),
              settings,
              null);
      assertTrue(latents.abs().max().getFloat() > 1f, "latents are not clipped to the pixel range");
      List<Clip> clips = space.render(model, List.of("a red square"), 24, 16, 5, 8, settings, null);
      assertEquals(1, clips.size());
      assertEquals(5, clips.get(0).frames());
      assertEquals(16, clips.get(0).height());
      assertEquals(24, clips.get(0).width());
      Clip decoded = TextToVideo.clips(space.decode(latents), 5, 16, 24, 8).get(0);
      assertTrue(
          java.util.Arrays.equals(decoded.rgb(), clips.get(0).rgb()),
          "render = the same seed's latents, decoded");
    }
  }

  @Test
  void weightsFileRoundTripsAndRefusesOtherFiles(@TempDir Path dir) throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      CausalVae vae = CausalVae.create(new VaeConfig(3, 4, 8), m);
      Path file = dir.resolve("vae.bin");
      VaeWeights.save(vae, file);
      CausalVae back = VaeWeights.load(file, m);
      assertEquals(vae.config(), back.config());
      NDArray x = m.randomUniform(-1, 1, new Shape(1, 3, 5, 16, 16));
      var ps = new ai.djl.training.ParameterStore(m, false);
      assertTrue(
          vae.encode(ps, x, false).get(0).allClose(back.encode(ps, x, false).get(0), 0, 0, false),
          "the loaded autoencoder encodes bit for bit as the saved one");
      Path other = Files.writeString(dir.resolve("other.bin"), "not weights");
      IOException e = assertThrows(IOException.class, () -> VaeWeights.load(other, m));
      assertTrue(e.getMessage().contains("is not a videogen autoencoder"), e.getMessage());
    }
  }

  @Test
  void aWeightsFileOfTheFirstVersionIsAnAutoencoderWithoutShortcuts(@TempDir Path dir)
      throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      CausalVae old = CausalVae.create(new VaeConfig(3, 4, 8, false), m);
      Path file = dir.resolve("old.bin");
      // What version 1 wrote: its magic line, three sizes and the parameters.
      try (var out = new java.io.DataOutputStream(Files.newOutputStream(file))) {
        out.writeUTF("videogen-vae/1");
        out.writeInt(3);
        out.writeInt(4);
        out.writeInt(8);
        old.saveParameters(out);
      }
      CausalVae back = VaeWeights.load(file, m);
      assertEquals(new VaeConfig(3, 4, 8, false), back.config());
      NDArray x = m.randomUniform(-1, 1, new Shape(1, 3, 5, 16, 16));
      var ps = new ai.djl.training.ParameterStore(m, false);
      assertTrue(
          old.encode(ps, x, false).get(0).allClose(back.encode(ps, x, false).get(0), 0, 0, false),
          "read without shortcuts, it encodes as it did");
    }
  }
}
