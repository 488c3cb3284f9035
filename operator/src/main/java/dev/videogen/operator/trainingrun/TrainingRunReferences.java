package dev.videogen.operator.trainingrun;

import dev.videogen.api.v1alpha1.TrainingRun;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An informer on TrainingRuns that wakes the resources naming one: a change to TrainingRun {@code
 * x} reconciles every primary of its namespace whose reference (a {@code trainingRunRef}) is {@code
 * x}. VideoJobs use it for their model, latent TrainingRuns for their autoencoder.
 */
public final class TrainingRunReferences {
  private TrainingRunReferences() {}

  /**
   * The informer named {@code name} for primaries of {@code context}; {@code reference} gives the
   * TrainingRun a primary names, or null.
   */
  public static <P extends HasMetadata> InformerEventSource<TrainingRun, P> informer(
      EventSourceContext<P> context, Class<P> primary, String name, Function<P, String> reference) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(TrainingRun.class, primary)
            .withName(name)
            .withSecondaryToPrimaryMapper(
                (TrainingRun run) ->
                    context
                        .getPrimaryCache()
                        .list(
                            run.getMetadata().getNamespace(),
                            p -> run.getMetadata().getName().equals(reference.apply(p)))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(
                (P p) ->
                    reference.apply(p) == null
                        ? Set.of()
                        : Set.of(
                            new ResourceID(reference.apply(p), p.getMetadata().getNamespace())))
            .build(),
        context);
  }
}
