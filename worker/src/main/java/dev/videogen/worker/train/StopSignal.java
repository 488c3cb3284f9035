package dev.videogen.worker.train;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop training early: the training loop finishes its current step, writes a
 * checkpoint and returns. {@link #onShutdown} turns SIGTERM (what Kubernetes sends a pod it
 * deletes, evicts or preempts, a grace period before SIGKILL) and SIGINT into such a request.
 */
public final class StopSignal implements AutoCloseable {
  private volatile boolean requested;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile int exitCode;
  private Thread hook;

  /** Asks training to stop. */
  public void request() {
    requested = true;
  }

  /** Whether a stop was asked for; pass {@code signal::requested} to the runner. */
  public boolean requested() {
    return requested;
  }

  /**
   * A signal requested when the JVM begins to shut down (SIGTERM, SIGINT, {@code System.exit}): a
   * shutdown hook asks training to stop, then holds the shutdown until {@link #finished} is called
   * (at most {@code maxWait}, after which Kubernetes would have sent SIGKILL anyway) and ends the
   * process with the exit code given there. {@link #close} removes the hook again.
   */
  public static StopSignal onShutdown(Duration maxWait) {
    StopSignal signal = new StopSignal();
    signal.hook =
        new Thread(
            () -> {
              if (signal.finished.getCount() == 0) {
                return; // the task had ended: an ordinary exit
              }
              signal.request();
              try {
                if (signal.finished.await(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                  // The exit code the command chose (143 after a stop with a checkpoint), rather
                  // than the JVM's 128 + signal.
                  Runtime.getRuntime().halt(signal.exitCode);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "training-stop");
    Runtime.getRuntime().addShutdownHook(signal.hook);
    return signal;
  }

  /** Training has stopped and its result is written: a pending shutdown may end the process. */
  public void finished(int exitCode) {
    this.exitCode = exitCode;
    finished.countDown();
  }

  /** Removes the shutdown hook, unless the shutdown it waits for has begun. */
  @Override
  public void close() {
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook ends the process with the exit code given to finished
      }
    }
  }
}
