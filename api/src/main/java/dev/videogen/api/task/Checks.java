package dev.videogen.api.task;

import dev.videogen.api.v1alpha1.spec.ArtifactUri;

/** Field checks shared by the task records; messages name the JSON field. */
final class Checks {
  private Checks() {}

  static void present(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  static void text(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  static void uri(String value, String field) {
    text(value, field);
    if (value.length() > ArtifactUri.MAX_LENGTH) {
      throw new IllegalArgumentException(
          field + " is " + value.length() + " characters, more than " + ArtifactUri.MAX_LENGTH);
    }
    if (!value.matches("^(s3|pvc|file)://.+")) {
      throw new IllegalArgumentException(
          field + " must be an s3://, pvc:// or file:// URI, got " + value);
    }
  }

  /** A URI when present. */
  static void optionalUri(String value, String field) {
    if (value != null) {
      uri(value, field);
    }
  }

  static void positive(long value, String field) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be at least 1, got " + value);
    }
  }

  /** {@code value} in [min, max] when present. */
  static void range(Number value, double min, double max, String field) {
    if (value != null && !(value.doubleValue() >= min && value.doubleValue() <= max)) {
      throw new IllegalArgumentException(
          field + " must be in [" + plain(min) + ", " + plain(max) + "], got " + value);
    }
  }

  private static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
