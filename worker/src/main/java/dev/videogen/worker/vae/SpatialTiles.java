package dev.videogen.worker.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Encoding and decoding in spatial tiles, for frames too large to take at once: the frame is cut
 * into tiles of {@code tile} × {@code tile} latent pixels (8 × that in pixels) that overlap by
 * {@code overlap}; each is encoded or decoded on its own (in time chunks, {@link
 * CausalVae#encodeChunked} and {@link CausalVae#decodeChunked}) and the results are blended: across
 * an overlap each tile's weight ramps linearly from one side to the other, and each value is
 * divided by the weights of the tiles covering it, so there is no seam where one ends. Memory is
 * bounded by a tile whatever the frame size; the result differs from a whole encode or decode only
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
    Shape s = latent.getShape();
    return tiled(
        latent,
        (int) s.get(3),
        (int) s.get(4),
        tile,
        overlap,
        1,
        VaeConfig.SPACE,
        part -> vae.decodeChunked(ps, part, chunk));
  }

  /**
   * Posterior means (B, z, 1 + k, h, w) of frames (B, C, 1 + 4k, 8h, 8w), encoded in tiles.
   *
   * @param chunk latent frames per time chunk of each tile
   */
  public static NDArray encode(
      CausalVae vae, ParameterStore ps, NDArray video, int tile, int overlap, int chunk) {
    Shape s = video.getShape();
    vae.check(s);
    return tiled(
        video,
        (int) s.get(3) / VaeConfig.SPACE,
        (int) s.get(4) / VaeConfig.SPACE,
        tile,
        overlap,
        VaeConfig.SPACE,
        1,
        part -> vae.encodeChunked(ps, part, chunk).get(0));
  }

  /**
   * {@code op} applied to tiles of {@code input} (B, C, T, in·h, in·w), whose result for a tile of
   * th × tw latent pixels is (B, C', T', out·th, out·tw), blended into (B, C', T', out·h, out·w).
   */
  private static NDArray tiled(
      NDArray input,
      int h,
      int w,
      int tile,
      int overlap,
      int in,
      int out,
      UnaryOperator<NDArray> op) {
    if (tile < 1 || overlap < 0 || overlap >= tile) {
      throw new IllegalArgumentException(
          "tiles need 0 <= overlap < tile, got tile " + tile + ", overlap " + overlap);
    }
    if (h <= tile && w <= tile) {
      return op.apply(input);
    }
    NDManager manager = input.getManager();
    NDArray sum = null;
    // (1, 1, 1, out·h, out·w): the weights added at each value; they sum to one where at most two
    // tiles meet, and dividing by them keeps that true where a flush last tile makes three meet.
    NDArray total = manager.zeros(new Shape(1, 1, 1, (long) h * out, (long) w * out));
    for (int y : starts(h, tile, overlap)) {
      for (int x : starts(w, tile, overlap)) {
        int th = Math.min(tile, h - y);
        int tw = Math.min(tile, w - x);
        try (NDManager scope = manager.newSubManager()) {
          NDArray part =
              input.get(
                  new NDIndex(
                      ":, :, :, {}:{}, {}:{}", y * in, (y + th) * in, x * in, (x + tw) * in));
          part.attach(scope);
          NDArray result = op.apply(part); // (B, C', T', out·th, out·tw)
          float[] wy = weights(h, tile, overlap, y, th, out);
          float[] wx = weights(w, tile, overlap, x, tw, out);
          float[] grid = new float[wy.length * wx.length];
          for (int i = 0; i < wy.length; i++) {
            for (int j = 0; j < wx.length; j++) {
              grid[i * wx.length + j] = wy[i] * wx[j];
            }
          }
          // (1, 1, 1, out·th, out·tw): this tile's share of each of its values
          NDArray weight = scope.create(grid, new Shape(1, 1, 1, wy.length, wx.length));
          NDArray weighted = result.mul(weight);
          if (sum == null) {
            Shape d = result.getShape();
            sum =
                manager.zeros(
                    new Shape(d.get(0), d.get(1), d.get(2), (long) h * out, (long) w * out));
          }
          NDIndex where =
              new NDIndex(
                  ":, :, :, {}:{}, {}:{}", y * out, (y + th) * out, x * out, (x + tw) * out);
          sum.set(where, sum.get(where).add(weighted));
          total.set(where, total.get(where).add(weight));
        }
      }
    }
    NDArray blended = sum.div(total);
    sum.close();
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
