package dev.videogen.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Prompts of a batch as the model reads them.
 *
 * @param ids (B, L) int64 byte tokens
 * @param mask (B, L) 1 for a token, 0 for padding
 * @param keep (B) 1 to condition on the prompt, 0 for the null prompt (classifier-free guidance)
 */
public record TextBatch(NDArray ids, NDArray mask, NDArray keep) {

  /** Encodes {@code prompts}; {@code keep[i]} false replaces prompt i by the null prompt. */
  public static TextBatch of(NDManager manager, List<String> prompts, boolean[] keep, int length) {
    int b = prompts.size();
    long[] ids = new long[b * length];
    float[] mask = new float[b * length];
    float[] keepValues = new float[b];
    for (int i = 0; i < b; i++) {
      int[] encoded = ByteTokenizer.encode(prompts.get(i), length);
      float[] m = ByteTokenizer.mask(encoded);
      for (int j = 0; j < length; j++) {
        ids[i * length + j] = encoded[j];
        mask[i * length + j] = m[j];
      }
      keepValues[i] = keep[i] ? 1f : 0f;
    }
    return new TextBatch(
        manager.create(ids, new Shape(b, length)),
        manager.create(mask, new Shape(b, length)),
        manager.create(keepValues));
  }

  /** Every prompt kept. */
  public static TextBatch of(NDManager manager, List<String> prompts, int length) {
    boolean[] keep = new boolean[prompts.size()];
    java.util.Arrays.fill(keep, true);
    return of(manager, prompts, keep, length);
  }
}
