package dev.videogen.worker.video;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that it appears complete or not at all: the content goes to a hidden temporary
 * file in the same directory (same file system, so the rename is atomic) that is renamed over the
 * target only when the writer has finished. On failure the temporary file is removed and whatever
 * was at the target before is left as it was.
 */
final class AtomicFile {
  /** Writes the content to the path it is given. */
  interface Writer {
    void writeTo(Path partial) throws IOException;
  }

  private AtomicFile() {}

  static void write(Path file, Writer writer) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path partial = Files.createTempFile(dir, "." + file.getFileName(), ".partial");
    try {
      writer.writeTo(partial);
      // Temporary files are created owner-only; the result is an ordinary readable file.
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
