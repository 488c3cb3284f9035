package dev.videogen.worker.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files of a local directory as keys: what a directory upload writes, in sorted order. */
final class LocalTree {
  /** A file and its key relative to the directory. */
  record Entry(Path file, String relativeKey) {}

  private LocalTree() {}

  /** The regular files below {@code dir}, skipping hidden names (such as temporary files). */
  static List<Entry> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "not a directory");
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> new Entry(p, relativeKey(dir.relativize(p))))
          .filter(e -> !e.relativeKey().startsWith(".") && !e.relativeKey().contains("/."))
          .sorted((a, b) -> a.relativeKey().compareTo(b.relativeKey()))
          .toList();
    }
  }

  private static String relativeKey(Path relative) {
    StringBuilder key = new StringBuilder();
    for (Path segment : relative) {
      key.append(key.length() == 0 ? "" : "/").append(segment);
    }
    return key.toString();
  }
}
