package dev.videogen.api.crd;

import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.VideoJob;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.File;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Generates the CRDs of {@link #RESOURCES} with the Fabric8 CRD generator. Run by the build
 * (process-test-classes) into {@code target/classes/META-INF/fabric8}; {@code -Pupdate-crds} then
 * copies them into {@code crds/} and the Helm chart.
 */
public final class GenerateCrds {
  static final List<Class<? extends HasMetadata>> RESOURCES =
      List.of(VideoJob.class, TrainingRun.class);

  private GenerateCrds() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: GenerateCrds OUTPUT_DIR");
    }
    File out = new File(args[0]);
    if (!out.isDirectory() && !out.mkdirs()) {
      throw new IllegalStateException("cannot create " + out);
    }
    new CRDGenerator()
        .customResourceClasses(RESOURCES)
        .forCRDVersions("v1")
        .withParallelGenerationEnabled(false)
        .withPostProcessor(new DeclaredColumnOrder())
        .inOutputDir(out)
        .generate();
  }

  /**
   * The generator sorts printer columns by JSON path, which would put Age first; kubectl shows them
   * in list order, so restore the order in which the resource class declares them.
   */
  static final class DeclaredColumnOrder implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata resource, String crdSpecVersion) {
      CustomResourceDefinition crd = (CustomResourceDefinition) resource;
      String kind = crd.getSpec().getNames().getKind();
      Class<?> type =
          RESOURCES.stream().filter(c -> c.getSimpleName().equals(kind)).findFirst().orElseThrow();
      List<String> declared =
          Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
              .map(AdditionalPrinterColumn::jsonPath)
              .toList();
      Map<String, Integer> rank =
          java.util.stream.IntStream.range(0, declared.size())
              .boxed()
              .collect(java.util.stream.Collectors.toMap(declared::get, i -> i));
      crd.getSpec()
          .getVersions()
          .forEach(
              v ->
                  v.getAdditionalPrinterColumns()
                      .sort(
                          Comparator.comparing(
                              (CustomResourceColumnDefinition c) ->
                                  rank.getOrDefault(c.getJsonPath(), Integer.MAX_VALUE))));
      return crd;
    }
  }
}
