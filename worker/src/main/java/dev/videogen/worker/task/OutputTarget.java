package dev.videogen.worker.task;

import dev.videogen.api.task.ProducedArtifact;
import dev.videogen.api.task.TaskOutput;
import dev.videogen.api.v1alpha1.spec.OutputFormat;
import dev.videogen.worker.store.ArtifactStore;
import dev.videogen.worker.store.ArtifactStores;
import dev.videogen.worker.store.CompletionMarker;
import dev.videogen.worker.store.StoreSettings;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.MediaInfo;
import dev.videogen.worker.video.VideoEncoder;
import dev.videogen.worker.video.VideoFormat;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a task writes its artifact, and the artifact's completion marker ({@link OutputReceipt}). A
 * {@code png} output whose URI does not end in {@code .png} is a frame directory (intermediate
 * shards, png video results); anything else is one file (mp4, webm, gif, an image's png).
 *
 * <p>Order of writes, so that a crash at any point never leaves an output that looks complete: the
 * old marker is withdrawn first (a directory's old frames with it), then the frames or file are
 * written (each put is atomic), and the marker last.
 */
final class OutputTarget implements Closeable {
  private final ArtifactAddress address;
  private final OutputFormat format;
  private final ArtifactStore store;
  private final boolean directory;

  private OutputTarget(
      ArtifactAddress address, OutputFormat format, ArtifactStore store, boolean directory) {
    this.address = address;
    this.format = format;
    this.store = store;
    this.directory = directory;
  }

  static OutputTarget open(TaskOutput output, StoreSettings settings) throws IOException {
    ArtifactAddress address = ArtifactAddress.of(output.uri(), "output.uri");
    boolean directory = output.format() == OutputFormat.png && !address.name().endsWith(".png");
    ArtifactStore store =
        ArtifactStores.open(directory ? address.uri() : address.parent(), settings);
    return new OutputTarget(address, output.format(), store, directory);
  }

  boolean directory() {
    return directory;
  }

  /** The video format of a file output; null for a frame directory. */
  VideoFormat fileFormat() {
    return directory ? null : VideoFormat.parse(format.name());
  }

  /** The receipt of a complete earlier output, if there is a readable one. */
  Optional<OutputReceipt> receipt() throws IOException {
    if (!store.exists(markerKey())) {
      return Optional.empty();
    }
    try (InputStream in = store.open(markerKey())) {
      return OutputReceipt.parse(in.readAllBytes());
    }
  }

  /** Withdraws an earlier output's marker, and a directory's old frames, before writing anew. */
  void withdraw() throws IOException {
    if (directory) {
      if (!store.list("").isEmpty()) {
        CompletionMarker.SHARD.delete(store, "");
      }
    } else {
      store.delete(markerKey());
    }
  }

  /**
   * Writes {@code clip} (encoding into {@code scratch} first) and returns what was stored. The
   * output is not complete until {@link #seal}.
   */
  ProducedArtifact write(Clip clip, Path scratch, TaskClock clock) throws IOException {
    Path local = Files.createTempDirectory(scratch, "output-");
    if (directory) {
      List<Path> files = new ArrayList<>();
      clock.time(
          TaskClock.Phase.ENCODE,
          () -> {
            for (int i = 0; i < clip.frames(); i++) {
              files.add(FrameDirectory.writeFrame(clip, i, local));
            }
            return null;
          });
      List<String> digests = new ArrayList<>();
      long bytes = 0;
      for (Path file : files) {
        var stored =
            clock.time(
                TaskClock.Phase.UPLOAD, () -> store.put(file.getFileName().toString(), file));
        digests.add(stored.sha256());
        bytes += stored.bytes();
      }
      return new ProducedArtifact(
          address.uri(),
          FrameDirectory.digest(digests),
          bytes,
          format,
          clip.frames(),
          clip.width(),
          clip.height());
    }
    Path file = local.resolve(address.name());
    MediaInfo media =
        clock.time(
            TaskClock.Phase.ENCODE,
            () -> {
              VideoEncoder.write(clip, file, fileFormat());
              return MediaInfo.probe(file);
            });
    var stored = clock.time(TaskClock.Phase.UPLOAD, () -> store.put(address.name(), file));
    return new ProducedArtifact(
        address.uri(),
        stored.sha256(),
        stored.bytes(),
        format,
        media.frames(),
        media.width(),
        media.height());
  }

  /** Marks the output complete: writes its receipt, after everything else. */
  void seal(OutputReceipt receipt) throws IOException {
    if (directory) {
      CompletionMarker.SHARD.markComplete(store, "", receipt.toJson());
    } else {
      store.put(markerKey(), receipt.toJson());
    }
  }

  private String markerKey() {
    return directory ? CompletionMarker.SHARD.name() : address.name() + ".result.json";
  }

  @Override
  public void close() throws IOException {
    store.close();
  }
}
