package dev.videogen.worker.vae;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Encoding and decoding in spatial tiles, with an untrained autoencoder. */
class SpatialTilesTest {
  private NDManager manager;
  private CausalVae vae;
  private ParameterStore ps;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    manager.getEngine().setRandomSeed(5);
    vae = CausalVae.create(new VaeConfig(3, 4, 8), manager);
    ps = new ParameterStore(manager, false);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void tilesStartEveryStrideAndTheLastIsFlushWithTheEnd() {
    assertThat(SpatialTiles.starts(8, 4, 2)).containsExactly(0, 2, 4);
    assertThat(SpatialTiles.starts(9, 4, 1)).containsExactly(0, 3, 5);
    assertThat(SpatialTiles.starts(4, 4, 1)).containsExactly(0);
  }

  @Test
  void theWeightsOfTwoTilesOverAPixelSumToOne() {
    // (Where a flush last tile makes three meet, decode divides by the sum instead.)
    for (int[] c : new int[][] {{8, 4, 2}, {9, 4, 1}, {16, 6, 2}}) {
      int size = c[0];
      int tile = c[1];
      int overlap = c[2];
      float[] sum = new float[size * 8];
      for (int start : SpatialTiles.starts(size, tile, overlap)) {
        float[] w = SpatialTiles.weights(size, tile, overlap, start, tile, 8);
        for (int i = 0; i < w.length; i++) {
          assertThat(w[i]).isPositive();
          sum[start * 8 + i] += w[i];
        }
      }
      for (float v : sum) {
        assertThat(v)
            .as("size %d, tile %d, overlap %d", size, tile, overlap)
            .isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-5f));
      }
    }
  }

  @Test
  void oneTileIsTheWholeDecode() {
    NDArray latent = manager.randomNormal(new Shape(1, 4, 2, 3, 4));
    NDArray whole = vae.decode(ps, latent, false);
    NDArray tiled = SpatialTiles.decode(vae, ps, latent, 4, 1, 8);
    assertThat(tiled.sub(whole).abs().max().getFloat()).isLessThan(1e-5f);
  }

  @Test
  void blendedTilesStayCloserToTheWholeDecodeThanCutOnes() {
    NDArray latent = manager.randomNormal(new Shape(1, 4, 2, 8, 8));
    NDArray whole = vae.decode(ps, latent, false);
    NDArray blended = SpatialTiles.decode(vae, ps, latent, 4, 2, 8);
    NDArray cut = SpatialTiles.decode(vae, ps, latent, 4, 0, 8);
    assertThat(blended.getShape()).isEqualTo(whole.getShape());
    float blendedError = blended.sub(whole).abs().mean().getFloat();
    float cutError = cut.sub(whole).abs().mean().getFloat();
    assertThat(blendedError).as("cut tiles: %s", cutError).isLessThan(cutError);
    assertThat(List.of(blendedError)).allMatch(e -> e > 0); // tiles lack context: not exact

    // Three tiles over some pixels (starts 0, 3, 6, 7 of 12): still normalised.
    NDArray wide = manager.randomNormal(new Shape(1, 4, 1, 2, 12));
    NDArray wideWhole = vae.decode(ps, wide, false);
    NDArray wideTiled = SpatialTiles.decode(vae, ps, wide, 5, 2, 8);
    assertThat(wideTiled.getShape()).isEqualTo(wideWhole.getShape());
    assertThat(wideTiled.sub(wideWhole).abs().mean().getFloat())
        .isLessThan(wideWhole.abs().mean().getFloat());
  }

  @Test
  void oneTileIsTheWholeEncode() {
    NDArray video = manager.randomUniform(-1, 1, new Shape(1, 3, 5, 24, 32));
    NDArray whole = vae.encodeChunked(ps, video, 8).get(0);
    NDArray tiled = SpatialTiles.encode(vae, ps, video, 4, 1, 8);
    assertThat(tiled.getShape()).isEqualTo(new Shape(1, 4, 2, 3, 4));
    assertThat(tiled.sub(whole).abs().max().getFloat()).isLessThan(1e-5f);
  }

  @Test
  void blendedEncodeTilesStayCloserToTheWholeEncodeThanCutOnes() {
    NDArray video = manager.randomUniform(-1, 1, new Shape(1, 3, 5, 64, 64));
    NDArray whole = vae.encodeChunked(ps, video, 8).get(0); // (1, 4, 2, 8, 8)
    NDArray blended = SpatialTiles.encode(vae, ps, video, 4, 2, 8);
    NDArray cut = SpatialTiles.encode(vae, ps, video, 4, 0, 8);
    assertThat(blended.getShape()).isEqualTo(whole.getShape());
    float blendedError = blended.sub(whole).abs().mean().getFloat();
    float cutError = cut.sub(whole).abs().mean().getFloat();
    assertThat(blendedError).as("cut tiles: %s", cutError).isLessThan(cutError);
    assertThat(blendedError).as("tiles lack context: not exact").isPositive();
    assertThat(blendedError).isLessThan(0.5f * whole.abs().mean().getFloat());
    // Time chunks within tiles: long videos are tiled and chunked at once.
    NDArray longVideo = manager.randomUniform(-1, 1, new Shape(1, 3, 17, 16, 48));
    NDArray chunked = SpatialTiles.encode(vae, ps, longVideo, 4, 2, 2);
    NDArray once = SpatialTiles.encode(vae, ps, longVideo, 4, 2, 8);
    assertThat(chunked.getShape()).isEqualTo(new Shape(1, 4, 5, 2, 6));
    assertThat(chunked.sub(once).abs().max().getFloat()).isLessThan(1e-4f);
  }
}
