package dev.videogen.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;

/**
 * The informers on the worker Jobs and pods the operator made for resources of one kind: they wake
 * the kind's reconciler, and watch only objects labelled as ours, so the operator's memory does not
 * grow with the cluster.
 */
public final class WorkerInformers {
  private WorkerInformers() {}

  /** The Jobs and the pods made for {@code primary} resources, labelled with {@code ownerLabel}. */
  public static <P extends HasMetadata> List<InformerEventSource<?, P>> jobsAndPods(
      EventSourceContext<P> context, Class<P> primary, String ownerLabel, String name) {
    String selector = WorkerLabels.selector(ownerLabel);
    InformerEventSource<Job, P> jobs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, primary)
                .withName(name + "-jobs")
                .withLabelSelector(selector)
                .withSecondaryToPrimaryMapper(OwnerMappers.<Job>byOwnerAnnotation())
                .build(),
            context);
    InformerEventSource<Pod, P> pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, primary)
                .withName(name + "-pods")
                .withLabelSelector(selector)
                .withSecondaryToPrimaryMapper(OwnerMappers.<Pod>byOwnerAnnotation())
                .build(),
            context);
    return List.of(jobs, pods);
  }
}
