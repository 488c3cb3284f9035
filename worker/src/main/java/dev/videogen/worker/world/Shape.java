package dev.videogen.worker.world;

/** Object shapes of the synthetic world. */
public enum Shape {
  CIRCLE,
  SQUARE,
  TRIANGLE;

  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Coverage of the point (u, v) in the shape's unit box [−1, 1]² (v grows downward): 1 inside, 0
   * outside. The triangle points up.
   */
  boolean contains(double u, double v) {
    return switch (this) {
      case CIRCLE -> u * u + v * v <= 1;
      case SQUARE -> Math.abs(u) <= 1 && Math.abs(v) <= 1;
      case TRIANGLE -> v <= 1 && v >= -1 && Math.abs(u) <= (v + 1) / 2;
    };
  }
}
