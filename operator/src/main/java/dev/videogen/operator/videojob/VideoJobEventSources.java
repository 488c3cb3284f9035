package dev.videogen.operator.videojob;

import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.operator.trainingrun.TrainingRunReferences;
import dev.videogen.operator.workload.WorkerInformers;
import dev.videogen.operator.workload.WorkerLabels;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * What wakes the VideoJob reconciler besides the VideoJobs themselves: its stage Jobs, their pods
 * (for failures and results) and the TrainingRuns VideoJobs take their checkpoints from. Informers
 * watch only objects labelled as ours, so the operator's memory does not grow with the cluster.
 */
final class VideoJobEventSources {
  private VideoJobEventSources() {}

  static List<EventSource<?, VideoJob>> of(EventSourceContext<VideoJob> context) {
    var trainingRuns =
        TrainingRunReferences.informer(
            context, VideoJob.class, "model-trainingruns", VideoJobEventSources::trainingRunName);
    List<EventSource<?, VideoJob>> sources =
        new java.util.ArrayList<>(
            WorkerInformers.jobsAndPods(context, VideoJob.class, WorkerLabels.VIDEOJOB, "stage"));
    sources.add(trainingRuns);
    return sources;
  }

  static String trainingRunName(VideoJob vj) {
    var model = vj.getSpec() == null ? null : vj.getSpec().getModel();
    return model == null || model.getTrainingRunRef() == null
        ? null
        : model.getTrainingRunRef().getName();
  }
}
