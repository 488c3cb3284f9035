package dev.videogen.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Packed sequences (NaViT's "patch n' pack"): clips of different sizes and durations as one token
 * sequence, each attending only to its own tokens and its own prompt through block-diagonal
 * attention biases, with its own timestep and prompt conditioning per token. The alternative to
 * training one size bucket per step; {@code worker bench packing} compares the two (size buckets
 * are what training uses: see docs/model.md).
 *
 * <p>Legend: K clips, clip k has N_k tokens, S = Σ N_k, L text tokens per prompt, D width, P values
 * per patch. Inputs: K videos (1, C, T_k, H_k, W_k), t (K), a {@link TextBatch} of K prompts, and
 * per clip its frame conditioning (1, C + 1, T_k, H_k, W_k) or null. Output: K velocities shaped
 * like the videos.
 */
public final class PackedSequence {
  /** Added to attention scores between tokens of different clips: exp underflows to 0. */
  static final float BLOCKED = -1e9f;

  private PackedSequence() {}

  /** Velocities of the {@code videos}, computed in one packed sequence. */
  public static List<NDArray> velocity(
      PatchDit model,
      ParameterStore ps,
      List<NDArray> videos,
      NDArray t,
      TextBatch prompt,
      List<NDArray> frames,
      boolean training) {
    int k = videos.size();
    DitConfig config = model.config();
    int d = config.width();
    NDList tokens = new NDList();
    int[] lengths = new int[k];
    for (int i = 0; i < k; i++) {
      NDArray frameInput = frames == null ? null : frames.get(i);
      NDArray x = model.embed(ps, videos.get(i), frameInput, training); // (1, N_k, D)
      lengths[i] = (int) x.getShape().get(1);
      tokens.add(x);
    }
    NDArray packed = NDArrays.concat(tokens, 1); // (1, S, D)
    int s = (int) packed.getShape().get(1);

    NDList conditions =
        model.condition(ps, t, new NDList(prompt.ids(), prompt.mask(), prompt.keep()), training);
    NDArray text = conditions.get(0); // (K, L, D)
    int l = (int) text.getShape().get(1);
    NDArray c = conditions.get(2); // (K, D)
    NDList perToken = new NDList();
    for (int i = 0; i < k; i++) {
      perToken.add(c.get(i).reshape(1, 1, d).broadcast(new Shape(1, lengths[i], d)));
    }
    NDArray cTokens = NDArrays.concat(perToken, 1); // (1, S, D)

    float[] textMask = conditions.get(1).toFloatArray(); // (K, L) row-major
    NDArray selfBias = packed.getManager().create(selfBias(lengths, s), new Shape(1, 1, s, s));
    NDArray textBias =
        packed
            .getManager()
            .create(textBias(lengths, s, textMask, l), new Shape(1, 1, s, (long) k * l));
    NDArray patches =
        model.transform(
            ps,
            packed,
            cTokens,
            text.reshape(1, (long) k * l, d), // (1, K·L, D)
            textBias,
            selfBias,
            training); // (1, S, P)

    List<NDArray> out = new ArrayList<>();
    int offset = 0;
    for (int i = 0; i < k; i++) {
      NDArray own = patches.get(":, {}:{}", offset, offset + lengths[i]); // (1, N_k, P)
      out.add(model.velocity(own, videos.get(i), t.get(i).reshape(1)));
      offset += lengths[i];
    }
    return out;
  }

  /** (S, S) row-major: 0 where query and key belong to one clip, {@link #BLOCKED} elsewhere. */
  static float[] selfBias(int[] lengths, int s) {
    float[] bias = new float[s * s];
    java.util.Arrays.fill(bias, BLOCKED);
    int start = 0;
    for (int length : lengths) {
      for (int q = start; q < start + length; q++) {
        java.util.Arrays.fill(bias, q * s + start, q * s + start + length, 0f);
      }
      start += length;
    }
    return bias;
  }

  /**
   * (S, K·L) row-major: 0 where the key is a (non-padding) text token of the query's own clip,
   * {@link #BLOCKED} elsewhere.
   */
  static float[] textBias(int[] lengths, int s, float[] textMask, int l) {
    int k = lengths.length;
    float[] bias = new float[s * k * l];
    java.util.Arrays.fill(bias, BLOCKED);
    int start = 0;
    for (int clip = 0; clip < k; clip++) {
      for (int q = start; q < start + lengths[clip]; q++) {
        for (int j = 0; j < l; j++) {
          if (textMask[clip * l + j] > 0) {
            bias[q * k * l + clip * l + j] = 0f;
          }
        }
      }
      start += lengths[clip];
    }
    return bias;
  }
}
