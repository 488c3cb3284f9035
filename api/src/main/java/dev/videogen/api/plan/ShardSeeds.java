package dev.videogen.api.plan;

import java.nio.charset.StandardCharsets;

/**
 * Seeds of shards: a 64-bit mix of the job seed ({@code sampling.seed}) and the shard id, so that
 * the same spec renders the same video and no two shards share noise.
 */
public final class ShardSeeds {
  private ShardSeeds() {}

  /** A non-negative seed for shard {@code shardId} of a job seeded with {@code jobSeed}. */
  public static long derive(long jobSeed, String shardId) {
    // FNV-1a over the id, then SplitMix64's finaliser over the combination: cheap, stable across
    // JVMs (no String.hashCode), and well spread even for ids that differ in one digit.
    long hash = 0xcbf29ce484222325L;
    for (byte b : shardId.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    long z = jobSeed * 0x9e3779b97f4a7c15L + hash;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    z = z ^ (z >>> 31);
    return z & Long.MAX_VALUE;
  }
}
