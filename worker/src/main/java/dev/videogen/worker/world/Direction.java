package dev.videogen.worker.world;

/** Motion directions; image y grows downward, so UP is −y. */
public enum Direction {
  LEFT(-1, 0),
  RIGHT(1, 0),
  UP(0, -1),
  DOWN(0, 1);

  public final int dx;
  public final int dy;

  Direction(int dx, int dy) {
    this.dx = dx;
    this.dy = dy;
  }

  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
