package dev.videogen.worker.train;

import ai.djl.ndarray.types.Shape;
import dev.videogen.worker.diffusion.Noise;
import dev.videogen.worker.vae.LatentSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Latents of a fixed set of clips, encoded once: what a latent diffusion run trains on with {@code
 * dataset.latentCache} (Kohya's and musubi-tuner's "cache latents"). Encoding is far dearer than a
 * latent diffusion step (3 to 7× on the CPU, docs/vae.md), so a run reuses each latent many times.
 *
 * <p>The clips are the source's batches 1, 2, … until {@code clips} are encoded; a source with size
 * buckets gives clips of several sizes, kept in one pool per size. Batch s draws a pool with
 * probability proportional to its clips, then its clips from that pool, at random, seeded by the
 * run's seed and s: a pure function of the step, as every training source is, so a resumed run,
 * which encodes the same clips again, sees the same batches.
 */
public final class LatentCache implements TrainingBatch.Source {
  /** The latents of clips of one size. */
  private record Pool(Shape clip, List<float[]> latents, List<String> prompts) {
    Pool(Shape clip) {
      this(clip, new ArrayList<>(), new ArrayList<>());
    }
  }

  private final List<Pool> pools;
  private final int clips;
  private final long bytes;
  private final long seed;

  private LatentCache(List<Pool> pools, long bytes, long seed) {
    this.pools = pools;
    this.clips = pools.stream().mapToInt(p -> p.latents().size()).sum();
    this.bytes = bytes;
    this.seed = seed;
  }

  /** Encoding stopped on request (SIGTERM, Ctrl-C) before every clip was encoded. */
  public static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped(int encoded, int clips) {
      super(String.format("%,d of %,d clips encoded", encoded, clips));
    }
  }

  /**
   * Encodes {@code clips} clips of {@code data} into {@code space}, {@code chunk} at a time, asking
   * {@code stop} before each chunk: a large cache takes minutes, and a pod asked to stop must not
   * wait for it.
   *
   * @param maxBytes most bytes the latents may take
   * @throws IllegalArgumentException when the latents would take more than {@code maxBytes}
   * @throws Stopped when {@code stop} said so
   */
  public static LatentCache encode(
      LatentSpace space,
      TrainingBatch.Source data,
      int clips,
      int chunk,
      long seed,
      long maxBytes,
      BooleanSupplier stop) {
    if (clips < 1 || chunk < 1) {
      throw new IllegalArgumentException("a latent cache needs clips ≥ 1, got " + clips);
    }
    Map<Shape, Pool> pools = new LinkedHashMap<>();
    int encoded = 0;
    long bytes = 0;
    for (long step = 1; encoded < clips; step++) {
      if (stop.getAsBoolean()) {
        throw new Stopped(encoded, clips);
      }
      TrainingBatch b = space.encode(data.batch(step, Math.min(chunk, clips - encoded)));
      Shape s = b.shape(); // (B, z, 1 + k, h, w)
      Shape clip = new Shape(1, s.get(1), s.get(2), s.get(3), s.get(4));
      int per = (int) clip.size();
      bytes += (long) per * Float.BYTES * s.get(0);
      if (bytes > maxBytes) {
        throw new IllegalArgumentException(
            String.format(
                "a latent cache of %,d clips needs more than the %,d MiB this worker can give it"
                    + " (%,d clips took %,d MiB): lower dataset.latentCache.clips or give the"
                    + " worker more memory",
                clips, maxBytes >> 20, encoded + s.get(0), bytes >> 20));
      }
      Pool pool = pools.computeIfAbsent(clip, Pool::new);
      for (int i = 0; i < s.get(0); i++) {
        pool.latents().add(Arrays.copyOfRange(b.video(), i * per, (i + 1) * per));
        pool.prompts().add(b.prompts().get(i));
      }
      encoded += (int) s.get(0);
    }
    return new LatentCache(List.copyOf(pools.values()), bytes, seed);
  }

  @Override
  public TrainingBatch batch(long step, int size) {
    SplittableRandom random = Noise.random(seed, step, Noise.Stream.DATA);
    int p = 0;
    if (pools.size() > 1) { // one draw only where there is a choice
      for (int pick = random.nextInt(clips); pick >= pools.get(p).latents().size(); p++) {
        pick -= pools.get(p).latents().size();
      }
    }
    Pool pool = pools.get(p);
    Shape clip = pool.clip();
    int per = (int) clip.size();
    float[] values = new float[size * per];
    List<String> captions = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      int pick = random.nextInt(pool.latents().size());
      System.arraycopy(pool.latents().get(pick), 0, values, i * per, per);
      captions.add(pool.prompts().get(pick));
    }
    Shape shape = new Shape(size, clip.get(1), clip.get(2), clip.get(3), clip.get(4));
    return new TrainingBatch(values, shape, captions);
  }

  /** The clips encoded. */
  public int clips() {
    return clips;
  }

  /** The clip sizes among them (the source's size buckets that were drawn). */
  public int sizes() {
    return pools.size();
  }

  /** Bytes the latents take. */
  public long bytes() {
    return bytes;
  }
}
