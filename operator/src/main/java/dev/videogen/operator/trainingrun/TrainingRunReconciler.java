package dev.videogen.operator.trainingrun;

import dev.videogen.api.v1alpha1.TrainingRun;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import org.jboss.logging.Logger;

/**
 * Reconciles TrainingRuns. At this stage it only observes them; the training Job, checkpoints and
 * progress in status come with the TrainingRun work.
 */
@ControllerConfiguration(name = TrainingRunReconciler.NAME)
public class TrainingRunReconciler implements Reconciler<TrainingRun> {
  public static final String NAME = "trainingrun";
  private static final Logger LOG = Logger.getLogger(TrainingRunReconciler.class);

  @Override
  public UpdateControl<TrainingRun> reconcile(TrainingRun run, Context<TrainingRun> context) {
    LOG.infof(
        "observed TrainingRun %s/%s generation %d",
        run.getMetadata().getNamespace(),
        run.getMetadata().getName(),
        run.getMetadata().getGeneration());
    return UpdateControl.noUpdate();
  }
}
