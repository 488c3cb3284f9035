package dev.videogen.worker.world;

import java.util.Locale;
import java.util.Optional;

/**
 * What a prompt asks for in the synthetic world's terms: the colour, shape and direction words it
 * contains, if any. The evaluator compares these with what the analyzer sees.
 */
public record Prompt(
    Optional<Colour> colour, Optional<Shape> shape, Optional<Direction> direction) {

  public static Prompt parse(String prompt) {
    String[] words = prompt.toLowerCase(Locale.ROOT).split("[^a-z]+");
    return new Prompt(
        find(words, Colour.values()), find(words, Shape.values()), find(words, Direction.values()));
  }

  private static <E extends Enum<E>> Optional<E> find(String[] words, E[] values) {
    for (String w : words) {
      for (E e : values) {
        if (e.name().toLowerCase(Locale.ROOT).equals(w)) {
          return Optional.of(e);
        }
      }
    }
    return Optional.empty();
  }
}
