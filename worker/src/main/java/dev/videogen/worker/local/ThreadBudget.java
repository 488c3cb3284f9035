package dev.videogen.worker.local;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * How a local run shares the CPU: at most {@code threads} busy threads in all. A stage runs {@code
 * min(stage parallelism, threads)} shards at once (the plan's maxParallel bounds parallelism), and
 * each native operation gets {@code threads / shards at once} intra-op threads, so that parallel
 * shards split the cores instead of each taking all of them: on 2 cores a stage with maxParallel 4
 * runs 2 shards of 1 thread each; training, one at a time, gets every thread.
 *
 * @param threads the budget: {@code worker run --threads}, by default the available processors
 */
public record ThreadBudget(int threads) {
  public ThreadBudget {
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
    }
  }

  /** The budget of this machine: one thread per available processor. */
  public static ThreadBudget ofMachine() {
    return new ThreadBudget(Runtime.getRuntime().availableProcessors());
  }

  /** Shards of a stage with this parallelism that run at once. */
  public int shardsAtOnce(int parallelism) {
    return Math.max(1, Math.min(parallelism, threads));
  }

  /** Intra-op threads of each of {@code shardsAtOnce} concurrent shards. */
  public int threadsPerShard(int shardsAtOnce) {
    return Math.max(1, threads / Math.max(1, shardsAtOnce));
  }

  /**
   * Sets the native engine's intra-op threads (a process-wide setting of PyTorch) before work that
   * runs {@code concurrent} shards at once.
   */
  public void apply(int concurrent) {
    if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
      JniUtils.setNumThreads(threadsPerShard(concurrent));
    }
  }
}
