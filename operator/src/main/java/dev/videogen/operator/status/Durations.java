package dev.videogen.operator.status;

import java.time.Duration;

/** Durations as kubectl prints them: {@code 45s}, {@code 3m12s}, {@code 2h5m}, {@code 3d4h}. */
public final class Durations {
  private Durations() {}

  public static String format(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60) + "s";
    }
    if (s < 86400) {
      return (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }
    return (s / 86400) + "d" + (s % 86400 / 3600) + "h";
  }
}
