package dev.videogen.operator.trainingrun;

import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.operator.workload.WorkerInformers;
import dev.videogen.operator.workload.WorkerLabels;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/** What wakes the TrainingRun reconciler besides the runs: their training Jobs and pods. */
final class TrainingRunEventSources {
  private TrainingRunEventSources() {}

  static List<EventSource<?, TrainingRun>> of(EventSourceContext<TrainingRun> context) {
    return List.copyOf(
        WorkerInformers.jobsAndPods(
            context, TrainingRun.class, WorkerLabels.TRAININGRUN, "training"));
  }
}
