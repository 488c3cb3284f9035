package dev.videogen.operator.trainingrun;

import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.operator.workload.WorkerInformers;
import dev.videogen.operator.workload.WorkerLabels;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.ArrayList;
import java.util.List;

/**
 * What wakes the TrainingRun reconciler besides the runs: their training Jobs and pods, and the
 * autoencoder runs that latent runs wait for (a change to run {@code vae} reconciles every run of
 * its namespace whose {@code spec.autoencoder.trainingRunRef} names it, so a latent run starts as
 * soon as its autoencoder has succeeded).
 */
final class TrainingRunEventSources {
  private TrainingRunEventSources() {}

  static List<EventSource<?, TrainingRun>> of(EventSourceContext<TrainingRun> context) {
    var autoencoders =
        TrainingRunReferences.informer(
            context,
            TrainingRun.class,
            "autoencoder-trainingruns",
            TrainingRunEventSources::autoencoderRunName);
    List<EventSource<?, TrainingRun>> sources =
        new ArrayList<>(
            WorkerInformers.jobsAndPods(
                context, TrainingRun.class, WorkerLabels.TRAININGRUN, "training"));
    sources.add(autoencoders);
    return sources;
  }

  /** The TrainingRun {@code run}'s {@code spec.autoencoder.trainingRunRef} names, or null. */
  static String autoencoderRunName(TrainingRun run) {
    var autoencoder = run.getSpec() == null ? null : run.getSpec().getAutoencoder();
    return autoencoder == null || autoencoder.getTrainingRunRef() == null
        ? null
        : autoencoder.getTrainingRunRef().getName();
  }
}
