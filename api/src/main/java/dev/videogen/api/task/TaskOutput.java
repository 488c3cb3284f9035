package dev.videogen.api.task;

import dev.videogen.api.v1alpha1.spec.OutputFormat;

/**
 * Where a task writes its artifact and as what. {@code png} means a directory of numbered frames
 * ({@code 000000.png}, {@code 000001.png}, ...) for a video, one file for an image.
 */
public record TaskOutput(String uri, OutputFormat format) {
  public TaskOutput {
    Checks.uri(uri, "output.uri");
    Checks.present(format, "output.format");
  }
}
