package dev.videogen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code hack/k8s-bin.sh} caches the Kubernetes binaries: {@code $K8S_BIN_DIR}, else {@code
 * ~/.cache/videogen/k8s/<version>/bin}. The build runs the script before the tests.
 */
public final class K8sBinaries {
  private K8sBinaries() {}

  /** The Kubernetes version the build pins (e.g. v1.35.4). */
  public static String version() {
    String version = System.getProperty("videogen.k8s.version");
    if (version == null) {
      throw new IllegalStateException("videogen.k8s.version is not set: run the tests with ./mvnw");
    }
    return version;
  }

  public static Path dir() {
    String override = System.getenv("K8S_BIN_DIR");
    Path dir =
        override != null
            ? Path.of(override)
            : Path.of(
                System.getProperty("user.home"), ".cache", "videogen", "k8s", version(), "bin");
    if (!Files.isExecutable(dir.resolve("kube-apiserver"))) {
      throw new IllegalStateException(
          "no kube-apiserver in " + dir + ": build the binaries with hack/k8s-bin.sh");
    }
    return dir;
  }

  public static Path binary(String name) {
    return dir().resolve(name);
  }

  /**
   * A directory laid out as kube-api-test expects ({@code k8s/<version>-linux-amd64/...}), made of
   * links to the cached binaries, under the module's {@code target/}.
   */
  static Path kubeApiTestLayout(String version) {
    Path testDir = Path.of("target", "kubeapitest").toAbsolutePath();
    Path versionDir = testDir.resolve("k8s").resolve(version + "-linux-amd64");
    try {
      Files.createDirectories(versionDir);
      for (String name : List.of("kube-apiserver", "etcd", "kubectl")) {
        Path link = versionDir.resolve(name);
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, binary(name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return testDir;
  }
}
