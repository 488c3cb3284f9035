package dev.videogen.worker.analysis;

import dev.videogen.worker.world.Colour;
import dev.videogen.worker.world.Direction;
import dev.videogen.worker.world.Shape;
import java.util.Optional;

/**
 * What a video shows, as measured by {@link VideoAnalyzer}.
 *
 * @param colour the dominant object's colour, if an object was found
 * @param shape its shape class, if an object was found
 * @param direction its motion direction; empty for a still object or a single frame
 * @param speed its speed in fractions of the frame's side per second
 * @param presence fraction of frames in which the object was found
 * @param persists whether it was found in at least 90% of frames with a stable size
 * @param flicker VBench's temporal flickering: mean absolute difference between consecutive frames
 *     on the 0–255 scale (0 for a still image)
 */
public record Analysis(
    Optional<Colour> colour,
    Optional<Shape> shape,
    Optional<Direction> direction,
    double speed,
    double presence,
    boolean persists,
    double flicker) {

  /** VBench's flickering score: (255 − flicker) / 255, 1 for no change at all. */
  public double flickerScore() {
    return (255 - flicker) / 255;
  }
}
