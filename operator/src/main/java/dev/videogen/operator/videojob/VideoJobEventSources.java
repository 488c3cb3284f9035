package dev.videogen.operator.videojob;

import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.operator.workload.WorkerInformers;
import dev.videogen.operator.workload.WorkerLabels;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What wakes the VideoJob reconciler besides the VideoJobs themselves: its stage Jobs, their pods
 * (for failures and results) and the TrainingRuns VideoJobs take their checkpoints from. Informers
 * watch only objects labelled as ours, so the operator's memory does not grow with the cluster.
 */
final class VideoJobEventSources {
  private VideoJobEventSources() {}

  static List<EventSource<?, VideoJob>> of(EventSourceContext<VideoJob> context) {
    var trainingRuns =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(TrainingRun.class, VideoJob.class)
                .withName("model-trainingruns")
                .withSecondaryToPrimaryMapper(
                    (TrainingRun run) ->
                        context
                            .getPrimaryCache()
                            .list(
                                run.getMetadata().getNamespace(),
                                vj -> run.getMetadata().getName().equals(trainingRunName(vj)))
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper(
                    (VideoJob vj) ->
                        trainingRunName(vj) == null
                            ? Set.of()
                            : Set.of(
                                new ResourceID(
                                    trainingRunName(vj), vj.getMetadata().getNamespace())))
                .build(),
            context);
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
