package dev.videogen.worker.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * Replaces a local file all at once: the bytes go to a hidden sibling ({@code
 * .<name>.<random>.partial}), are forced to disk, and the sibling is renamed over the target. A
 * failure at any point leaves the target as it was and removes the sibling.
 */
final class AtomicWrite {
  /** What was written. */
  record Result(long bytes, String sha256) {}

  private AtomicWrite() {}

  /** Whether {@code name} is one of the hidden siblings this class writes. */
  static boolean isPartial(String name) {
    return name.startsWith(".") && name.endsWith(".partial");
  }

  static Result replace(Path target, InputStream in) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path partial = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".partial");
    MessageDigest digest = Sha256.newDigest();
    long bytes;
    try {
      try (FileChannel channel =
          FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), digest);
        bytes = in.transferTo(out);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(
            partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new ArtifactStoreException(
            "cannot rename " + partial + " over " + target + " atomically on this file system", e);
      }
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(partial);
    }
    return new Result(bytes, Sha256.hex(digest.digest()));
  }

  /** Makes the rename durable; not every file system lets a directory be opened for that. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort: the rename itself is already atomic
    }
  }
}
