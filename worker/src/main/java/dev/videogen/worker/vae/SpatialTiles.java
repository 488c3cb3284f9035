package dev.videogen.worker.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoding in spatial tiles, for frames too large to decode at once: the latent (B, z, T', h, w) is
 * cut into tiles of {@code tile} × {@code tile} latent pixels that overlap by {@code overlap}; each
 * is decoded on its own (in time chunks, {@link CausalVae#decodeChunked}) and the decoded tiles are
 * blended: across an overlap each tile's weight ramps linearly from one side to the other, and each
 * pixel is divided by the weights of the tiles covering it, so there is no seam where one ends.
 * Memory is bounded by a tile whatever the frame size; the frames differ from a whole decode only
 * near the tile borders, where a tile lacks the context beyond them.
 */
public final class SpatialTiles {
  private SpatialTiles() {}

  /**
   * Frames (B, C, 1 + 4k, 8h, 8w) of latents (B, z, 1 + k, h, w), decoded in tiles.
   *
   * @param chunk latent frames per time chunk of each tile
   */
  public static NDArray decode(
      CausalVae vae, ParameterStore ps, NDArray latent, int tile, int overlap, int chunk) {
    if (tile < 1 || overlap < 0 || overlap >= tile) {
      throw new IllegalArgumentException(
          "tiles need 0 <= overlap < tile, got tile " + tile + ", overlap " + overlap);
    }
    Shape s = latent.getShape();
    int h = (int) s.get(3);
    int w = (int) s.get(4);
    if (h <= tile && w <= tile) {
      return vae.decodeChunked(ps, latent, chunk);
    }
    NDManager manager = latent.getManager();
    int scale = VaeConfig.SPACE;
    NDArray out = null;
    // (1, 1, 1, 8h, 8w): the weights added at each pixel; they sum to one where at most two tiles
    // meet, and dividing by them keeps that true where a flush last tile makes three meet.
    NDArray total = manager.zeros(new Shape(1, 1, 1, (long) h * scale, (long) w * scale));
    for (int y : starts(h, tile, overlap)) {
      for (int x : starts(w, tile, overlap)) {
        int th = Math.min(tile, h - y);
        int tw = Math.min(tile, w - x);
        try (NDManager scope = manager.newSubManager()) {
          NDArray part = latent.get(new NDIndex(":, :, :, {}:{}, {}:{}", y, y + th, x, x + tw));
          part.attach(scope);
          NDArray decoded = vae.decodeChunked(ps, part, chunk); // (B, C, T, 8th, 8tw)
          float[] wy = weights(h, tile, overlap, y, th, scale);
          float[] wx = weights(w, tile, overlap, x, tw, scale);
          float[] grid = new float[wy.length * wx.length];
          for (int i = 0; i < wy.length; i++) {
            for (int j = 0; j < wx.length; j++) {
              grid[i * wx.length + j] = wy[i] * wx[j];
            }
          }
          // (1, 1, 1, 8th, 8tw): this tile's share of each of its pixels
          NDArray weight = scope.create(grid, new Shape(1, 1, 1, wy.length, wx.length));
          NDArray weighted = decoded.mul(weight);
          if (out == null) {
            Shape d = decoded.getShape();
            out =
                manager.zeros(
                    new Shape(d.get(0), d.get(1), d.get(2), (long) h * scale, (long) w * scale));
          }
          NDIndex where =
              new NDIndex(
                  ":, :, :, {}:{}, {}:{}",
                  y * scale,
                  (y + th) * scale,
                  x * scale,
                  (x + tw) * scale);
          out.set(where, out.get(where).add(weighted));
          total.set(where, total.get(where).add(weight));
        }
      }
    }
    NDArray blended = out.div(total);
    out.close();
    total.close();
    return blended;
  }

  /**
   * Where tiles of {@code tile} with {@code overlap} start along a side of {@code size} latent
   * pixels: every tile − overlap, the last one flush with the end.
   */
  static List<Integer> starts(int size, int tile, int overlap) {
    List<Integer> out = new ArrayList<>();
    if (size <= tile) {
      out.add(0);
      return out;
    }
    int stride = tile - overlap;
    for (int p = 0; p + tile < size; p += stride) {
      out.add(p);
    }
    out.add(size - tile);
    return out;
  }

  /**
   * The blending weights, per pixel, of the tile at {@code start} (of {@code length} latent pixels)
   * along a side of {@code size}: 1 where no other tile covers the pixel; where the previous or the
   * next tile overlaps it, a linear ramp, so that the tiles' weights sum to one.
   */
  static float[] weights(int size, int tile, int overlap, int start, int length, int scale) {
    List<Integer> starts = starts(size, tile, overlap);
    int index = starts.indexOf(start);
    int from = start * scale;
    int to = (start + length) * scale;
    // Pixels shared with the previous tile: [from, previousEnd); with the next: [nextStart, to).
    int previousEnd = index > 0 ? Math.min(size, starts.get(index - 1) + tile) * scale : from;
    int nextStart = index < starts.size() - 1 ? starts.get(index + 1) * scale : to;
    float[] out = new float[to - from];
    for (int p = from; p < to; p++) {
      float weight = 1f;
      if (p < previousEnd) {
        weight = Math.min(weight, (p - from + 0.5f) / (previousEnd - from));
      }
      if (p >= nextStart) {
        weight = Math.min(weight, (to - p - 0.5f) / (to - nextStart));
      }
      out[p - from] = weight;
    }
    return out;
  }
}
