package dev.videogen.worker.world;

/** How fast the object moves, in fractions of the frame's side per second. */
public enum Speed {
  SLOW(0.15, "slowly"),
  FAST(0.3, "quickly");

  public final double framesPerSecond;
  public final String adverb;

  Speed(double framesPerSecond, String adverb) {
    this.framesPerSecond = framesPerSecond;
    this.adverb = adverb;
  }
}
