package dev.videogen.operator.trainingrun;

import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.operator.workload.OwnerMappers;
import dev.videogen.operator.workload.WorkerLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;

/** The training Jobs and pods that wake the TrainingRun reconciler (only objects labelled ours). */
final class TrainingRunEventSources {
  private TrainingRunEventSources() {}

  static List<EventSource<?, TrainingRun>> of(EventSourceContext<TrainingRun> context) {
    String selector = WorkerLabels.selector(WorkerLabels.TRAININGRUN);
    var jobs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, TrainingRun.class)
                .withName("training-jobs")
                .withLabelSelector(selector)
                .withSecondaryToPrimaryMapper(OwnerMappers.<Job>byOwnerAnnotation())
                .build(),
            context);
    var pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, TrainingRun.class)
                .withName("training-pods")
                .withLabelSelector(selector)
                .withSecondaryToPrimaryMapper(OwnerMappers.<Pod>byOwnerAnnotation())
                .build(),
            context);
    return List.of(jobs, pods);
  }
}
