package dev.videogen.worker;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C and SIGTERM into a polite stop: a shutdown hook sets the flag that running tasks
 * check between sampler steps, then holds the JVM open (up to a grace period) until the command has
 * written what it must (a result, a status, a checkpoint) and closed this signal.
 */
final class StopSignal implements AutoCloseable {
  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  private StopSignal(Duration grace, PrintWriter err) {
    hook =
        new Thread(
            () -> {
              requested.set(true);
              err.println("stop requested: finishing the current step (a re-run resumes)");
              err.flush();
              try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "videogen-stop");
  }

  /** Installs the hook; {@code grace} bounds how long a stop waits for the command to finish. */
  static StopSignal install(Duration grace, PrintWriter err) {
    StopSignal signal = new StopSignal(grace, err);
    Runtime.getRuntime().addShutdownHook(signal.hook);
    return signal;
  }

  boolean requested() {
    return requested.get();
  }

  /** Asks for a stop as a signal would (tests, in-process callers). */
  void request() {
    requested.set(true);
  }

  /** The command is done: a pending stop may proceed, and the hook is removed. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook is running and will now return.
    }
  }
}
