package dev.videogen.worker.task;

import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.FrameStrip;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The PNG frame directory format of intermediate shards (and of {@code png} video results): frame i
 * is {@code %06d.png}, a plain 8-bit RGB PNG, lossless, so frames that other shards are conditioned
 * on are exact. Its digest is the SHA-256 of its listing in {@code sha256sum} format, one {@code
 * <sha256> <name>} line per frame in frame order (docs/task-contract.md).
 */
final class FrameDirectory {
  private FrameDirectory() {}

  /** The name of frame {@code index}. */
  static String frameName(int index) {
    return String.format("%06d.png", index);
  }

  /** Writes frame {@code index} of {@code clip} as {@code dir/frameName(index)}. */
  static Path writeFrame(Clip clip, int index, Path dir) throws IOException {
    Path file = dir.resolve(frameName(index));
    FrameStrip.write(clip.frames(index, index + 1), file);
    return file;
  }

  /** Reads one frame file into a one-frame clip at {@code fps}. */
  static Clip readFrame(Path file, double fps) throws IOException {
    return FrameStrip.read(file, 1, fps);
  }

  /** The directory's digest from its frames' digests, in frame order. */
  static String digest(List<String> frameSha256s) {
    StringBuilder listing = new StringBuilder();
    for (int i = 0; i < frameSha256s.size(); i++) {
      listing.append(frameSha256s.get(i)).append("  ").append(frameName(i)).append('\n');
    }
    return Sha256Hex.of(listing.toString());
  }
}
