package dev.videogen.worker.world;

import java.util.SplittableRandom;

/**
 * Captions generated from a clip's ground truth. The canonical form, "a red circle moves left", is
 * what evaluation prompts use; training also sees paraphrases so the text encoder learns the words,
 * not one sentence.
 */
public final class Caption {
  private Caption() {}

  public static String canonical(ClipSpec s) {
    if (s.frames() == 1) {
      return "a " + s.colour().word() + " " + s.shape().word();
    }
    return "a " + s.colour().word() + " " + s.shape().word() + " moves " + s.direction().word();
  }

  /** The canonical caption or one of its paraphrases, chosen by {@code random}. */
  public static String variant(ClipSpec s, SplittableRandom random) {
    String c = s.colour().word();
    String shape = s.shape().word();
    String d = s.direction().word();
    if (s.frames() == 1) {
      return switch (random.nextInt(3)) {
        case 0 -> "a " + c + " " + shape;
        case 1 -> c + " " + shape;
        default -> "an image of a " + c + " " + shape;
      };
    }
    return switch (random.nextInt(6)) {
      case 0, 1 -> canonical(s);
      case 2 -> "a " + c + " " + shape + " moving " + d;
      case 3 -> c + " " + shape + " going " + d;
      case 4 -> "a " + c + " " + shape + " moves " + d + " " + s.speed().adverb;
      default -> "the " + shape + " is " + c + " and moves " + d;
    };
  }
}
