package dev.videogen.worker.dataset;

import ai.djl.ndarray.types.Shape;
import dev.videogen.api.task.TrainDataset;
import dev.videogen.worker.diffusion.Noise;
import dev.videogen.worker.store.ArtifactStore;
import dev.videogen.worker.train.TrainingBatch;
import dev.videogen.worker.train.TrainingFailure;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.MediaInfo;
import dev.videogen.worker.video.VideoDecoder;
import dev.videogen.worker.world.SyntheticDataset;
import dev.videogen.worker.world.SyntheticDataset.Bucket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Clips with captions from the artifact store as training batches: the prefix holds {@value
 * TrainDataset#CAPTIONS} ({@link Captions}) and the clips it names, in any format FFmpeg reads
 * (mp4, webm, gif, png, jpg: an image is a one-frame clip). Every clip is copied to a local cache
 * and probed when the dataset opens, so a missing or unreadable clip fails the task at once, not
 * hours in.
 *
 * <p>Like the synthetic world, a batch is a pure function of (seed, step): step s picks a size
 * bucket, then for each clip of the batch a captioned clip and a start frame, with randomness from
 * {@link Noise#random}; the frames are resampled to the bucket's rate and fitted to its size
 * ({@link ClipSampler}). So a resumed run sees the same data as an uninterrupted one.
 */
public final class ClipDataset implements TrainingBatch.Source {
  private record Item(Path file, String caption, int frames, double fps) {}

  private final List<Item> items;
  private final List<Bucket> buckets;
  private final long seed;

  private ClipDataset(List<Item> items, List<Bucket> buckets, long seed) {
    this.items = List.copyOf(items);
    this.buckets = List.copyOf(buckets);
    this.seed = seed;
  }

  /**
   * Reads the captions of {@code store}, copies every clip into {@code cache} and probes it.
   *
   * @throws TrainingFailure if the captions file or a clip is missing (InputNotFound), or the
   *     captions are malformed or a clip is not a video FFmpeg can read (InvalidTask); the message
   *     names the file
   */
  public static ClipDataset open(ArtifactStore store, Path cache, List<Bucket> buckets, long seed)
      throws IOException {
    String captionsUri = store.uri(TrainDataset.CAPTIONS);
    String text;
    try (InputStream in = store.open(TrainDataset.CAPTIONS)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw TrainingFailure.inputNotFound(
          "dataset "
              + store.uri()
              + " has no "
              + TrainDataset.CAPTIONS
              + ": a clips dataset lists its clips there, one {\"file\": \"clips/0001.mp4\","
              + " \"caption\": \"...\"} per line",
          e);
    }
    List<Captions.Entry> entries;
    try {
      entries = Captions.parse(text, captionsUri);
    } catch (IllegalArgumentException e) {
      throw TrainingFailure.invalidTask(e.getMessage(), e);
    }
    List<Item> items = new ArrayList<>();
    for (Captions.Entry entry : entries) {
      Path local = cache.resolve(entry.file());
      try {
        store.get(entry.file(), local);
      } catch (NoSuchFileException e) {
        throw TrainingFailure.inputNotFound(
            captionsUri + " names " + entry.file() + ", which " + store.uri() + " does not hold",
            e);
      }
      MediaInfo info;
      try {
        info = MediaInfo.probe(local);
      } catch (IOException e) {
        throw TrainingFailure.invalidTask(
            "clip "
                + store.uri(entry.file())
                + " is not a video or image FFmpeg can read: "
                + e.getMessage(),
            e);
      }
      items.add(new Item(local, entry.caption(), Math.max(1, info.frames()), info.fps()));
    }
    return new ClipDataset(items, buckets, seed);
  }

  /** Clips in the dataset. */
  public int size() {
    return items.size();
  }

  @Override
  public TrainingBatch batch(long step, int batchSize) {
    SplittableRandom random = Noise.random(seed, step, Noise.Stream.DATA);
    Bucket b = buckets.get(random.nextInt(buckets.size()));
    List<Clip> clips = new ArrayList<>(batchSize);
    List<String> captions = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      Item item = items.get(random.nextInt(items.size()));
      int span = ClipSampler.span(item.fps(), b.frames(), b.fps());
      int start = random.nextInt(Math.max(1, item.frames() - span + 1));
      int[] indices =
          ClipSampler.frameIndices(item.frames(), item.fps(), start, b.frames(), b.fps());
      int first = indices[0];
      int last = indices[indices.length - 1];
      Clip decoded;
      try {
        decoded = VideoDecoder.read(item.file(), first, last + 1);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot decode " + item.file(), e);
      }
      // The decoder may return fewer frames than probed (a short last GOP): hold the last one.
      int[] relative = new int[indices.length];
      for (int j = 0; j < indices.length; j++) {
        relative[j] = Math.min(decoded.frames() - 1, indices[j] - first);
      }
      clips.add(ClipSampler.fit(decoded, relative, b.height(), b.width(), b.fps()));
      captions.add(item.caption());
    }
    Shape shape = new Shape(batchSize, Clip.CHANNELS, b.frames(), b.height(), b.width());
    return new TrainingBatch(SyntheticDataset.toModelLayout(clips), shape, captions);
  }
}
