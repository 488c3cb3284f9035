package dev.videogen.worker.model;

import java.nio.charset.StandardCharsets;

/**
 * Prompts as UTF-8 bytes: no vocabulary file to ship, any language, and the synthetic world's
 * captions are short. Token ids: 0..255 the bytes, {@link #PAD} padding, {@link #BOS} a start token
 * that every prompt has, so even the empty prompt attends to something.
 */
public final class ByteTokenizer {
  public static final int PAD = 256;
  public static final int BOS = 257;
  public static final int VOCABULARY = 258;

  private ByteTokenizer() {}

  /**
   * Token ids of {@code prompt}, BOS first, cut or padded to {@code length}.
   *
   * @return ids of length {@code length}
   */
  public static int[] encode(String prompt, int length) {
    byte[] bytes =
        prompt.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    int[] ids = new int[length];
    java.util.Arrays.fill(ids, PAD);
    ids[0] = BOS;
    for (int i = 0; i < bytes.length && i + 1 < length; i++) {
      ids[i + 1] = bytes[i] & 0xff;
    }
    return ids;
  }

  /** 1 where {@code ids} holds a token, 0 where it holds padding. */
  public static float[] mask(int[] ids) {
    float[] mask = new float[ids.length];
    for (int i = 0; i < ids.length; i++) {
      mask[i] = ids[i] == PAD ? 0f : 1f;
    }
    return mask;
  }
}
