package dev.videogen.operator.videojob;

import dev.videogen.api.v1alpha1.VideoJob;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import org.jboss.logging.Logger;

/**
 * Reconciles VideoJobs. At this stage it only observes them; planning, Jobs and status come with
 * the VideoJob end-to-end work (observe, validate, act, status).
 */
@ControllerConfiguration(name = VideoJobReconciler.NAME)
public class VideoJobReconciler implements Reconciler<VideoJob> {
  public static final String NAME = "videojob";
  private static final Logger LOG = Logger.getLogger(VideoJobReconciler.class);

  @Override
  public UpdateControl<VideoJob> reconcile(VideoJob job, Context<VideoJob> context) {
    LOG.infof(
        "observed VideoJob %s/%s generation %d (task %s)",
        job.getMetadata().getNamespace(),
        job.getMetadata().getName(),
        job.getMetadata().getGeneration(),
        job.getSpec() == null ? null : job.getSpec().getTask());
    return UpdateControl.noUpdate();
  }
}
