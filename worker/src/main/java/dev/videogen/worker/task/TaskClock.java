package dev.videogen.worker.task;

import dev.videogen.api.task.Timings;

/**
 * Where a task's wall time goes: load (checkpoint and inputs), render (sampling), encode (frames or
 * video to local files) and upload (to the artifact store), as the result's {@code timings}.
 */
final class TaskClock {
  enum Phase {
    LOAD,
    RENDER,
    ENCODE,
    UPLOAD
  }

  private final long started = System.nanoTime();
  private final long[] nanos = new long[Phase.values().length];
  private final boolean[] used = new boolean[Phase.values().length];

  /** Runs {@code work}, adding its wall time to {@code phase}. */
  <T, E extends Exception> T time(Phase phase, Work<T, E> work) throws E {
    long start = System.nanoTime();
    try {
      return work.run();
    } finally {
      nanos[phase.ordinal()] += System.nanoTime() - start;
      used[phase.ordinal()] = true;
    }
  }

  /** Work that may throw. */
  @FunctionalInterface
  interface Work<T, E extends Exception> {
    T run() throws E;
  }

  Timings timings() {
    return new Timings(
        seconds(System.nanoTime() - started),
        phase(Phase.LOAD),
        phase(Phase.RENDER),
        phase(Phase.ENCODE),
        phase(Phase.UPLOAD));
  }

  private Double phase(Phase phase) {
    return used[phase.ordinal()] ? seconds(nanos[phase.ordinal()]) : null;
  }

  private static double seconds(long nanos) {
    return Math.round(nanos / 1e6) / 1e3;
  }
}
