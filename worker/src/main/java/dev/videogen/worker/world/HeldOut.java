package dev.videogen.worker.world;

import java.util.List;

/**
 * (colour, shape, direction) combinations never shown in training, to measure whether the model
 * composes what it learned separately (compositional generalisation):
 *
 * <ul>
 *   <li>red triangle up
 *   <li>yellow circle left
 *   <li>green square down
 *   <li>blue triangle right
 *   <li>red square left
 *   <li>green circle up
 * </ul>
 *
 * Six of the 48 combinations (12.5%); every colour, shape and direction still appears in training
 * in at least nine other combinations.
 */
public final class HeldOut {
  public record Combination(Colour colour, Shape shape, Direction direction) {}

  public static final List<Combination> COMBINATIONS =
      List.of(
          new Combination(Colour.RED, Shape.TRIANGLE, Direction.UP),
          new Combination(Colour.YELLOW, Shape.CIRCLE, Direction.LEFT),
          new Combination(Colour.GREEN, Shape.SQUARE, Direction.DOWN),
          new Combination(Colour.BLUE, Shape.TRIANGLE, Direction.RIGHT),
          new Combination(Colour.RED, Shape.SQUARE, Direction.LEFT),
          new Combination(Colour.GREEN, Shape.CIRCLE, Direction.UP));

  private HeldOut() {}

  public static boolean isHeldOut(Colour colour, Shape shape, Direction direction) {
    return COMBINATIONS.contains(new Combination(colour, shape, direction));
  }
}
