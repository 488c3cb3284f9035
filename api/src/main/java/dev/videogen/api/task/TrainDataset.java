package dev.videogen.api.task;

import dev.videogen.api.v1alpha1.spec.DatasetSpec;
import dev.videogen.api.v1alpha1.spec.LatentCacheSpec;

/**
 * What a Train task trains on: exactly one of the built-in synthetic world or clips with captions
 * in the artifact store (docs/training.md, "Datasets").
 *
 * <p>A {@code uri} dataset is a prefix holding {@value #CAPTIONS} (one {@code {"file": ...,
 * "caption": ...}} object per line, {@code file} a key relative to the prefix) and the clips it
 * names. {@code maxSize} and {@code fps} give its training sizes, as {@code synthetic} does for the
 * synthetic world; the TrainingRun CRD has no field for them yet, so a run's task leaves them out
 * and the defaults apply.
 *
 * @param synthetic the synthetic world's settings
 * @param uri URI prefix of the clips and {@value #CAPTIONS}
 * @param maxSize with {@code uri}: largest clip side in pixels (default 48)
 * @param fps with {@code uri}: frames per second clips are resampled to (default 8)
 * @param latentCache for latent diffusion: encode clips once and train on their latents; null:
 *     encode every batch
 */
public record TrainDataset(
    Synthetic synthetic, String uri, Integer maxSize, Integer fps, LatentCache latentCache) {
  /** Name of the captions file under a {@code uri} dataset. */
  public static final String CAPTIONS = "captions.jsonl";

  /**
   * The synthetic world's settings.
   *
   * @param seed seed of the clips and their order (default 0)
   * @param maxSize largest clip side in pixels (default 48)
   * @param fps frames per second of the clips (default 8)
   */
  public record Synthetic(Long seed, Integer maxSize, Integer fps) {
    public Synthetic {
      Checks.range(seed, 0, Long.MAX_VALUE, "dataset.synthetic.seed");
      Checks.range(maxSize, 16, 1024, "dataset.synthetic.maxSize");
      Checks.range(fps, 1, 64, "dataset.synthetic.fps");
    }
  }

  /**
   * Clips encoded once, when training starts or resumes; every step draws its batch from them.
   *
   * @param clips how many (1 … {@value LatentCacheSpec#MAX_CLIPS})
   */
  public record LatentCache(int clips) {
    public LatentCache {
      Checks.range(clips, 1, LatentCacheSpec.MAX_CLIPS, "dataset.latentCache.clips");
    }
  }

  public TrainDataset {
    if ((synthetic == null) == (uri == null)) {
      throw new IllegalArgumentException(
          "dataset: set exactly one of synthetic (the built-in world) or uri (your clips)");
    }
    Checks.optionalUri(uri, "dataset.uri");
    if (synthetic != null && (maxSize != null || fps != null)) {
      throw new IllegalArgumentException(
          "dataset.maxSize and dataset.fps go with dataset.uri; for the synthetic world set"
              + " dataset.synthetic.maxSize and dataset.synthetic.fps");
    }
    Checks.range(maxSize, 16, 1024, "dataset.maxSize");
    Checks.range(fps, 1, 64, "dataset.fps");
  }

  public static TrainDataset synthetic(Long seed, Integer maxSize, Integer fps) {
    return new TrainDataset(new Synthetic(seed, maxSize, fps), null, null, null, null);
  }

  public static TrainDataset clips(String uri, Integer maxSize, Integer fps) {
    return new TrainDataset(null, uri, maxSize, fps, null);
  }

  /** This dataset with latents of {@code clips} clips cached. */
  public TrainDataset withLatentCache(int clips) {
    return new TrainDataset(synthetic, uri, maxSize, fps, new LatentCache(clips));
  }

  /** The task's dataset for a TrainingRun's {@code spec.dataset}. */
  public static TrainDataset of(DatasetSpec spec) {
    Checks.present(spec, "dataset");
    var s = spec.getSynthetic();
    TrainDataset dataset =
        s != null && spec.getUri() == null
            ? synthetic(s.getSeed(), s.getMaxSize(), s.getFps())
            : new TrainDataset(null, spec.getUri(), null, null, null);
    var cache = spec.getLatentCache();
    return cache == null || cache.getClips() == null
        ? dataset
        : dataset.withLatentCache(cache.getClips());
  }
}
