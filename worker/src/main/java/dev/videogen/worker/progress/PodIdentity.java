package dev.videogen.worker.progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The worker's own pod as the Kubernetes API knows it, and how to reach the API from inside it: the
 * service host and port Kubernetes puts in every container's environment, the pod's name (from the
 * downward API, {@code POD_NAME}) and namespace, and the service account's token and CA certificate
 * mounted at {@value #SERVICE_ACCOUNT_DIR}. The token is read again for every request (the kubelet
 * rotates it) and never kept in a field that {@code toString} shows.
 *
 * @param server the API server's base URI, e.g. {@code https://10.96.0.1:443}
 * @param namespace the pod's namespace
 * @param name the pod's name
 * @param tokenFile the service account token
 * @param caFile the CA certificate(s) the API server's certificate is checked against
 */
public record PodIdentity(URI server, String namespace, String name, Path tokenFile, Path caFile) {
  public static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

  /** Environment variable naming the token's directory when it is not the standard one. */
  public static final String SERVICE_ACCOUNT_DIR_ENV = "VIDEOGEN_SERVICE_ACCOUNT_DIR";

  /**
   * The identity from {@code env} and the service account files under {@code serviceAccountDir}, or
   * empty with the reason in {@code why} when the process does not run in a pod that can call the
   * API (no service host, no {@code POD_NAME}, no token mounted).
   */
  public static Optional<PodIdentity> detect(
      Map<String, String> env, Path serviceAccountDir, StringBuilder why) {
    String host = env.get("KUBERNETES_SERVICE_HOST");
    String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
    String pod = env.get("POD_NAME");
    Path token = serviceAccountDir.resolve("token");
    Path ca = serviceAccountDir.resolve("ca.crt");
    if (host == null || host.isBlank()) {
      why.append("KUBERNETES_SERVICE_HOST is not set (not in a pod)");
      return Optional.empty();
    }
    if (pod == null || pod.isBlank()) {
      why.append("POD_NAME is not set (give the container metadata.name through the downward API)");
      return Optional.empty();
    }
    if (!Files.isReadable(token) || !Files.isReadable(ca)) {
      why.append(
          "no service account token at "
              + serviceAccountDir
              + " (automountServiceAccountToken is false?)");
      return Optional.empty();
    }
    String namespace = env.get("POD_NAMESPACE");
    if (namespace == null || namespace.isBlank()) {
      try {
        namespace = Files.readString(serviceAccountDir.resolve("namespace")).strip();
      } catch (IOException e) {
        why.append("POD_NAMESPACE is not set and ").append(e.getMessage()).append(" is unreadable");
        return Optional.empty();
      }
    }
    String authority = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    return Optional.of(
        new PodIdentity(URI.create("https://" + authority), namespace, pod, token, ca));
  }

  /** The identity of the pod this process runs in, if it runs in one. */
  public static Optional<PodIdentity> detect(StringBuilder why) {
    String dir = System.getenv(SERVICE_ACCOUNT_DIR_ENV);
    return detect(
        System.getenv(),
        Path.of(dir == null || dir.isBlank() ? SERVICE_ACCOUNT_DIR : dir.trim()),
        why);
  }

  /** The URI of this pod's object. */
  public URI podUri() {
    return server.resolve("/api/v1/namespaces/" + namespace + "/pods/" + name);
  }

  /** The current token (the kubelet replaces the file before the token expires). */
  String token() throws IOException {
    return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
  }

  /** TLS that trusts only the cluster's CA. */
  SSLContext tls() {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
      if (i == 0) {
        throw new IllegalStateException(caFile + " holds no certificate");
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return ssl;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + caFile, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use the CA certificate " + caFile, e);
    }
  }
}
