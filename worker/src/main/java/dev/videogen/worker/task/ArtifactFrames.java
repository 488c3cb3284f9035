package dev.videogen.worker.task;

import dev.videogen.api.plan.FrameAnchor;
import dev.videogen.api.plan.FrameRange;
import dev.videogen.api.task.ProducedArtifact;
import dev.videogen.worker.store.ArtifactStore;
import dev.videogen.worker.store.ArtifactStores;
import dev.videogen.worker.store.CompletionMarker;
import dev.videogen.worker.store.StoreSettings;
import dev.videogen.worker.store.StoredObject;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.VideoDecoder;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An artifact a task reads frames from: an earlier shard's PNG frame directory, trusted only when
 * complete (its {@code result.json} exists), or a video or image file (an input, or a result).
 * Opening it checks that it is there and learns its digest, which goes into the reading task's
 * fingerprint; frames are read on demand, a file downloaded once into scratch space.
 */
final class ArtifactFrames implements Closeable {
  private final ArtifactAddress address;
  private final ArtifactStore store;
  private final ProducedArtifact directory;
  private final String sha256;
  private final Path scratch;
  private Path local;

  private ArtifactFrames(
      ArtifactAddress address,
      ArtifactStore store,
      ProducedArtifact directory,
      String sha256,
      Path scratch) {
    this.address = address;
    this.store = store;
    this.directory = directory;
    this.sha256 = sha256;
    this.scratch = scratch;
  }

  /**
   * Opens the artifact at {@code uri}.
   *
   * @param field the task field that names it, for messages
   * @throws TaskFailure (permanent, InputNotFound) if it is missing or incomplete
   * @throws IOException if the store cannot be read
   */
  static ArtifactFrames open(String uri, String field, StoreSettings settings, Path scratch)
      throws IOException {
    ArtifactAddress address = ArtifactAddress.of(uri, field);
    ArtifactStore dir = ArtifactStores.open(address.uri(), settings);
    boolean keep = false;
    try {
      if (CompletionMarker.SHARD.isComplete(dir, "")) {
        byte[] marker;
        try (InputStream in = dir.open(CompletionMarker.SHARD.name())) {
          marker = in.readAllBytes();
        }
        ProducedArtifact artifact =
            OutputReceipt.parse(marker)
                .map(r -> r.result().artifacts().get(0))
                .orElseThrow(
                    () ->
                        TaskFailure.permanent(
                            TaskFailure.INPUT_NOT_FOUND,
                            field
                                + " "
                                + address.uri()
                                + ": its result.json is not one this worker build reads"));
        keep = true;
        return new ArtifactFrames(address, dir, artifact, artifact.sha256(), scratch);
      }
      boolean partial = !dir.list("").isEmpty();
      ArtifactStore parent = ArtifactStores.open(address.parent(), settings);
      try {
        Optional<StoredObject> file = parent.stat(address.name());
        if (file.isPresent()) {
          String digest =
              file.get().sha256() != null ? file.get().sha256() : "bytes:" + file.get().bytes();
          ArtifactFrames frames = new ArtifactFrames(address, parent, null, digest, scratch);
          parent = null;
          return frames;
        }
      } finally {
        if (parent != null) {
          parent.close();
        }
      }
      throw TaskFailure.permanent(
          TaskFailure.INPUT_NOT_FOUND,
          field
              + " "
              + address.uri()
              + (partial
                  ? " is incomplete: it has no result.json (the shard that writes it failed or is"
                      + " still writing)"
                  : " does not exist"));
    } finally {
      if (!keep) {
        dir.close();
      }
    }
  }

  String uri() {
    return address.uri();
  }

  /** The artifact's SHA-256 (a frame directory's listing digest), for fingerprints. */
  String sha256() {
    return sha256;
  }

  /**
   * Frames {@code range} of the artifact, counted from its first frame ({@code Start}) or from one
   * past its last ({@code End}); every frame when {@code range} is null. The clip plays at {@code
   * fps}.
   *
   * @throws TaskFailure (permanent) if the artifact does not hold those frames or cannot be decoded
   */
  Clip read(FrameRange range, FrameAnchor anchor, double fps) throws IOException {
    Clip clip = directory != null ? readDirectory(range, anchor, fps) : readFile(range, anchor);
    return new Clip(clip.frames(), clip.height(), clip.width(), fps, clip.rgb());
  }

  private Clip readDirectory(FrameRange range, FrameAnchor anchor, double fps) throws IOException {
    int count = directory.frames();
    int from = range == null ? 0 : range.start() + (anchor == FrameAnchor.End ? count : 0);
    int to = range == null ? count : range.end() + (anchor == FrameAnchor.End ? count : 0);
    if (from < 0 || to > count) {
      throw TaskFailure.permanent(
          TaskFailure.INVALID_TASK,
          "frames " + range + " of " + address.uri() + ", which has " + count + " frames");
    }
    List<Clip> frames = new ArrayList<>();
    Path dir = Files.createTempDirectory(scratch, "frames-");
    for (int i = from; i < to; i++) {
      Path file = dir.resolve(FrameDirectory.frameName(i));
      store.get(FrameDirectory.frameName(i), file);
      try {
        frames.add(FrameDirectory.readFrame(file, fps));
      } catch (IOException e) {
        throw TaskFailure.permanent(
            TaskFailure.INPUT_NOT_FOUND,
            "frame " + i + " of " + address.uri() + " is not a readable PNG: " + e.getMessage(),
            e);
      }
      Files.delete(file);
    }
    return Clips.join(frames, fps);
  }

  private Clip readFile(FrameRange range, FrameAnchor anchor) throws IOException {
    if (local == null) {
      Path file = Files.createTempDirectory(scratch, "input-").resolve(address.name());
      store.get(address.name(), file);
      local = file;
    }
    try {
      if (range == null) {
        return VideoDecoder.read(local);
      }
      Clip clip;
      if (anchor == FrameAnchor.End) {
        Clip last = VideoDecoder.readLast(local, -range.start());
        if (last.frames() < -range.start()) {
          throw outOfRange(range, anchor, last.frames());
        }
        clip = last.frames(0, range.length());
      } else {
        clip = VideoDecoder.read(local, range.start(), range.end());
        if (clip.frames() < range.length()) {
          throw outOfRange(range, anchor, range.start() + clip.frames());
        }
      }
      return clip;
    } catch (IOException e) {
      throw TaskFailure.permanent(
          TaskFailure.INPUT_NOT_FOUND,
          address.uri() + " cannot be read as a video or image: " + e.getMessage(),
          e);
    }
  }

  private TaskFailure outOfRange(FrameRange range, FrameAnchor anchor, int frames) {
    return TaskFailure.permanent(
        TaskFailure.INVALID_TASK,
        "frames "
            + range
            + (anchor == FrameAnchor.End ? " from the end" : "")
            + " of "
            + address.uri()
            + ", which has "
            + frames
            + " frames");
  }

  @Override
  public void close() throws IOException {
    store.close();
  }
}
