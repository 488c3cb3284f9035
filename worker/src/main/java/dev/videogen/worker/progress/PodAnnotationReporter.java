package dev.videogen.worker.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.api.task.TaskJson;
import dev.videogen.api.task.TrainingProgress;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Publishes progress in the worker pod's own annotation {@link TrainingProgress#ANNOTATION}, which
 * the operator reads: a JSON merge patch of {@code metadata.annotations} on {@code pods/<name>},
 * with the pod's service account token, over plain {@code java.net.http} (the worker has no
 * Kubernetes client). The service account needs only {@code patch} on {@code pods}; custom
 * resources are never touched.
 *
 * <p>Sending happens on a background thread, so a slow API server never holds training up; when
 * reports come faster than patches go out, only the newest is sent. A failure (no permission, API
 * server unreachable) is logged, once per distinct error, and training goes on. Messages name the
 * pod and the API server's answer, never the token.
 */
public final class PodAnnotationReporter implements ProgressReporter, AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PodIdentity pod;
  private final HttpClient http;
  private final Consumer<String> warnings;
  private final Thread sender;
  private final Object lock = new Object();
  private TrainingProgress pending; // guarded by lock
  private boolean sending; // guarded by lock
  private boolean closed; // guarded by lock
  private String lastFailure; // sender thread only
  private int failures; // guarded by lock
  private int successes; // guarded by lock

  /** A reporter for {@code pod}; failures go to the log. */
  public PodAnnotationReporter(PodIdentity pod) {
    this(pod, LoggerFactory.getLogger(PodAnnotationReporter.class)::warn);
  }

  /** A reporter for {@code pod} that hands warnings to {@code warnings}. */
  public PodAnnotationReporter(PodIdentity pod, Consumer<String> warnings) {
    this.pod = pod;
    this.warnings = warnings;
    this.http = HttpClient.newBuilder().sslContext(pod.tls()).connectTimeout(TIMEOUT).build();
    this.sender = new Thread(this::run, "progress-annotation");
    sender.setDaemon(true);
    sender.start();
  }

  @Override
  public void report(TrainingProgress progress) {
    synchronized (lock) {
      pending = progress;
      lock.notifyAll();
    }
  }

  /** Waits until the newest report has been sent (or failed), at most {@code timeoutMillis}. */
  @Override
  public void flush(long timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    synchronized (lock) {
      while ((pending != null || sending) && !closed) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return;
        }
        try {
          lock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Patches the API server accepted so far. */
  public int successes() {
    synchronized (lock) {
      return successes;
    }
  }

  /** Patches that failed so far. */
  public int failures() {
    synchronized (lock) {
      return failures;
    }
  }

  private void run() {
    while (true) {
      TrainingProgress next;
      synchronized (lock) {
        while (pending == null && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (pending == null) {
          return;
        }
        next = pending;
        pending = null;
        sending = true;
      }
      boolean ok = send(next);
      synchronized (lock) {
        sending = false;
        if (ok) {
          successes++;
        } else {
          failures++;
        }
        lock.notifyAll();
      }
    }
  }

  private boolean send(TrainingProgress progress) {
    String failure;
    try {
      ObjectNode patch = JSON.createObjectNode();
      patch
          .putObject("metadata")
          .putObject("annotations")
          .put(TrainingProgress.ANNOTATION, TaskJson.write(progress));
      HttpRequest request =
          HttpRequest.newBuilder(pod.podUri())
              .timeout(TIMEOUT)
              .header("Content-Type", "application/merge-patch+json")
              .header("Accept", "application/json")
              .header("Authorization", "Bearer " + pod.token())
              .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(patch)))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        lastFailure = null;
        return true;
      }
      failure = "HTTP " + response.statusCode() + ": " + statusMessage(response.body());
    } catch (IOException e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (RuntimeException e) {
      failure = e.toString();
    }
    if (!failure.equals(lastFailure)) {
      warnings.accept(
          "cannot publish training progress in the annotation "
              + TrainingProgress.ANNOTATION
              + " of pod "
              + pod.namespace()
              + "/"
              + pod.name()
              + " ("
              + failure
              + "); training goes on, and this is logged again only when the error changes."
              + " The pod's service account needs the verb patch on pods.");
      lastFailure = failure;
    }
    return false;
  }

  // The API server explains a refusal in a Status object's message.
  private static String statusMessage(String body) {
    try {
      String message = JSON.readTree(body).path("message").asText("");
      if (!message.isEmpty()) {
        return message;
      }
    } catch (IOException | RuntimeException e) {
      // not a Status: show the start of the body
    }
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }

  /** Sends what is pending (waiting at most a few seconds), then stops the sender. */
  @Override
  public void close() {
    flush(5_000);
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }
}
