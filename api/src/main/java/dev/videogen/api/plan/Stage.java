package dev.videogen.api.plan;

import java.util.List;

/**
 * A step of a plan: one Indexed Job with {@code shards.size()} completions, at most {@code
 * parallelism} pods at once (the Job builder copies it to {@code .spec.parallelism}). Stages run in
 * order, each after the previous one succeeded; {@code dependsOn} lists the earlier stages whose
 * artifacts this one reads.
 */
public record Stage(
    int index, String name, int parallelism, List<Integer> dependsOn, List<Shard> shards) {
  public Stage {
    dependsOn = List.copyOf(dependsOn);
    shards = List.copyOf(shards);
    if (parallelism < 1 || parallelism > Math.max(1, shards.size())) {
      throw new IllegalArgumentException(
          "stage " + name + ": parallelism " + parallelism + " for " + shards.size() + " shards");
    }
  }

  /**
   * Frames this stage takes to render, in sequence: its shards in index order on parallelism slots.
   */
  public long makespanFrames() {
    long[] slots = new long[parallelism];
    for (Shard shard : shards) {
      int earliest = 0;
      for (int s = 1; s < slots.length; s++) {
        if (slots[s] < slots[earliest]) {
          earliest = s;
        }
      }
      slots[earliest] += shard.renderedFrames();
    }
    long makespan = 0;
    for (long slot : slots) {
      makespan = Math.max(makespan, slot);
    }
    return makespan;
  }
}
