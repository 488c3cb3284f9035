package dev.videogen.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;

/**
 * A real kube-apiserver and etcd for tests, started by fabric8 kube-api-test from the binaries that
 * {@code hack/k8s-bin.sh} builds (offline: nothing is downloaded), with our CRDs installed.
 *
 * <p>kube-api-test looks for {@code <dir>/k8s/<version>-linux-amd64/{kube-apiserver,etcd,kubectl}};
 * that layout is made of links into the binary cache under {@code target/}.
 */
public final class ApiServer implements AutoCloseable {
  private final KubeAPIServer server;
  private final KubernetesClient client;

  private ApiServer(KubeAPIServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  /** Starts an API server with the CRDs of {@code crds/} installed and established. */
  public static ApiServer startWithCrds() {
    ApiServer api = start();
    api.installCrds(Crds.dir());
    return api;
  }

  public static ApiServer start() {
    String version = K8sBinaries.version().substring(1); // kube-api-test names it 1.35.4
    Path testDir = K8sBinaries.kubeApiTestLayout(version);
    KubeAPIServer server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withTestDir(testDir.toString())
                .withApiServerVersion(version)
                .withStartupTimeout(120_000)
                .build());
    server.start();
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .build();
    return new ApiServer(server, client);
  }

  public KubernetesClient client() {
    return client;
  }

  /** A kubeconfig for this server, for tools such as kubectl. */
  public String kubeconfigYaml() {
    return server.getKubeConfigYaml();
  }

  /** Server-side applies every CRD file of {@code dir} and waits until each is Established. */
  public void installCrds(Path dir) {
    Crds.install(client, dir);
  }

  /** The repository root (the build passes it; tests run from a module directory otherwise). */
  public static Path repoRoot() {
    String root = System.getProperty("videogen.repo.root");
    return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
  }

  @Override
  public void close() {
    client.close();
    server.stop();
  }
}
