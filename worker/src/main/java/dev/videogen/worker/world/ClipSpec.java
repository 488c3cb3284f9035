package dev.videogen.worker.world;

/**
 * Ground truth of one synthetic clip: what it shows and at what size.
 *
 * @param colour the object's colour
 * @param shape the object's shape
 * @param direction where it moves
 * @param speed how fast it moves
 * @param background what is behind it
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param frames number of frames (1 = an image)
 * @param fps frames per second
 * @param size the object's side as a fraction of the frame's smaller side
 * @param across the object's position across the motion axis, as a fraction of the free range
 * @param seed varies the background noise
 */
public record ClipSpec(
    Colour colour,
    Shape shape,
    Direction direction,
    Speed speed,
    Background background,
    int width,
    int height,
    int frames,
    double fps,
    double size,
    double across,
    long seed) {

  public ClipSpec {
    if (width < 8 || height < 8 || frames < 1 || !(fps > 0)) {
      throw new IllegalArgumentException(
          "a synthetic clip needs at least 8x8 pixels, one frame and a positive fps, got "
              + width
              + "x"
              + height
              + ", "
              + frames
              + " frames, "
              + fps
              + " fps");
    }
    if (size < 0.1 || size > 0.5 || across < 0 || across > 1) {
      throw new IllegalArgumentException("size must be in [0.1, 0.5] and across in [0, 1]");
    }
  }

  /** The object's half side in pixels. */
  public double radius() {
    return size * Math.min(width, height) / 2;
  }

  /** The frame's extent along the motion axis in pixels. */
  public int along() {
    return direction.dx != 0 ? width : height;
  }

  /**
   * Velocity in pixels per second: the speed's fraction of the frame per second, reduced where a
   * long clip would otherwise carry the object out of frame.
   */
  public double pixelsPerSecond() {
    if (frames == 1) {
      return 0;
    }
    double room = along() - 2 * radius() - 2;
    double duration = (frames - 1) / fps;
    return Math.min(speed.framesPerSecond * along(), room / duration);
  }

  /** Centre of the object in frame {@code t}, (x, y) in pixels. */
  public double[] centre(int t) {
    double r = radius();
    double travel = pixelsPerSecond() * (frames - 1) / fps;
    double room = along() - 2 * r - 2;
    // Start so that the whole path lies inside the frame, centred in the free room.
    double start = r + 1 + (room - travel) / 2 + (direction.dx + direction.dy < 0 ? travel : 0);
    double position = start + (direction.dx + direction.dy) * pixelsPerSecond() * t / fps;
    int acrossExtent = direction.dx != 0 ? height : width;
    double acrossPosition = r + 1 + across * (acrossExtent - 2 * r - 2);
    return direction.dx != 0
        ? new double[] {position, acrossPosition}
        : new double[] {acrossPosition, position};
  }
}
