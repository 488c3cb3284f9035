package dev.videogen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The packaged operator ({@code operator/target/quarkus-app/quarkus-run.jar}) running as a local
 * process against a cluster, with the permissions of a ServiceAccount: every request impersonates
 * {@code system:serviceaccount:<namespace>:<name>} and its groups, so a rule missing from the
 * chart's RBAC fails the test exactly as it would fail in a cluster.
 */
public final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private OperatorProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** The operator's runnable jar, built by {@code ./mvnw -pl operator -am package}. */
  public static Path jar() {
    Path jar =
        ApiServer.repoRoot().resolve("operator/target/quarkus-app/quarkus-run.jar").normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build the operator first (./mvnw -pl e2e -am verify)");
    }
    return jar;
  }

  /**
   * Starts the operator with {@code kubeconfig}'s cluster and credentials, impersonating the
   * ServiceAccount {@code namespace/serviceAccount}; {@code env} adds configuration (e.g. {@code
   * QUARKUS_OPERATOR_SDK_NAMESPACES}). Its output goes to {@code log}.
   */
  public static OperatorProcess start(
      Path kubeconfig, String namespace, String serviceAccount, Map<String, String> env, Path log) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add(
        "-Dkubernetes.impersonate.username=" + serviceAccountUser(namespace, serviceAccount));
    command.add(
        "-Dkubernetes.impersonate.group=" + String.join(",", serviceAccountGroups(namespace)));
    command.add("-Dquarkus.http.port=" + port);
    command.add("-jar");
    command.add(jar().toString());
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      builder.environment().putAll(env);
      return new OperatorProcess(builder.start(), log, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The user name the API server gives a ServiceAccount's token. */
  public static String serviceAccountUser(String namespace, String serviceAccount) {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }

  /** The groups the API server gives a ServiceAccount's token. */
  public static List<String> serviceAccountGroups(String namespace) {
    return List.of(
        "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
  }

  /** Waits until {@code /q/health/ready} answers 200 (every controller's informers synced). */
  public void awaitReady(Duration timeout) {
    await(timeout, () -> readyStatus() == 200, "ready");
  }

  /** Waits until the operator's output contains {@code text}. */
  public void awaitLog(String text, Duration timeout) {
    await(timeout, () -> log().contains(text), "log line containing '" + text + "'");
  }

  /** Waits for the process to exit on its own; empty if it is still running after the timeout. */
  public OptionalInt awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
          ? OptionalInt.of(process.exitValue())
          : OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the operator has printed so far. */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private int readyStatus() {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(uri("/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void await(Duration timeout, BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "operator exited with " + process.exitValue() + " before " + what + ":\n" + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "operator not " + what + " after " + timeout + ":\n" + tail());
      }
      try {
        Thread.sleep(200); // polling interval, not synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private String tail() {
    String all = log();
    return all.length() <= 4000 ? all : all.substring(all.length() - 4000);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the operator as Kubernetes would: SIGTERM, then SIGKILL after a grace period. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
