package dev.videogen.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Installs CRD files into any cluster the way GitOps tools do: server-side apply. */
public final class Crds {
  private Crds() {}

  /** The committed CRDs of the repository ({@code crds/}). */
  public static Path dir() {
    return ApiServer.repoRoot().resolve("crds");
  }

  /** Server-side applies every CRD file of {@code dir} and waits until each is Established. */
  public static void install(KubernetesClient client, Path dir) {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : files) {
      CustomResourceDefinition crd;
      try (InputStream in = Files.newInputStream(file)) {
        crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      client.resource(crd).fieldManager("videogen-tests").forceConflicts().serverSideApply();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(Crds::established, 60, TimeUnit.SECONDS);
    }
  }

  static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
