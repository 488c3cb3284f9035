package dev.videogen.api.validation;

/**
 * One reason a resource is invalid, worded as the Kubernetes API server words it: the field path,
 * then what is wrong, e.g. {@code spec.output.width: Invalid value: 100: must be a multiple of 16}.
 */
public record Violation(String field, String detail) {
  @Override
  public String toString() {
    return field.isEmpty() ? detail : field + ": " + detail;
  }
}
