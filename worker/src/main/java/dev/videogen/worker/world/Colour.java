package dev.videogen.worker.world;

/** Object colours of the synthetic world: saturated, far apart in hue, named as in captions. */
public enum Colour {
  RED(0.92f, 0.16f, 0.14f),
  YELLOW(0.95f, 0.85f, 0.12f),
  GREEN(0.16f, 0.80f, 0.22f),
  BLUE(0.18f, 0.36f, 0.96f);

  private final float[] rgb;

  Colour(float r, float g, float b) {
    this.rgb = new float[] {r, g, b};
  }

  public float[] rgb() {
    return rgb.clone();
  }

  /** The caption word. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Hue in degrees [0, 360) of an RGB colour. */
  public static double hue(double r, double g, double b) {
    double max = Math.max(r, Math.max(g, b));
    double min = Math.min(r, Math.min(g, b));
    double d = max - min;
    if (d <= 0) {
      return 0;
    }
    double h;
    if (max == r) {
      h = ((g - b) / d) % 6;
    } else if (max == g) {
      h = (b - r) / d + 2;
    } else {
      h = (r - g) / d + 4;
    }
    h *= 60;
    return h < 0 ? h + 360 : h;
  }

  /** The palette colour nearest in hue to an RGB colour. */
  public static Colour nearest(double r, double g, double b) {
    double hue = hue(r, g, b);
    Colour best = RED;
    double bestDistance = Double.MAX_VALUE;
    for (Colour c : values()) {
      double distance = Math.abs(hue - hue(c.rgb[0], c.rgb[1], c.rgb[2]));
      distance = Math.min(distance, 360 - distance);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = c;
      }
    }
    return best;
  }
}
