package dev.videogen.worker.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.videogen.worker.train.TrainingBatch;
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
}
