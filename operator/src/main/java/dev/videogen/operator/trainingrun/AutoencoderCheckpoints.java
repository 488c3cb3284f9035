package dev.videogen.operator.trainingrun;

import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.spec.ModelSource;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import dev.videogen.api.v1alpha1.status.Phase;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which autoencoder checkpoint a latent diffusion TrainingRun ({@code spec.autoencoder}) trains on,
 * resolved once, when its training Job is created (the task in its ConfigMap fixes it): a
 * checkpoint URI as given, or the latest checkpoint of a TrainingRun of stage Autoencoder once that
 * run has succeeded. A diffusion model is tied to one latent space, so training does not start on
 * an autoencoder that is still changing.
 */
public final class AutoencoderCheckpoints {
  /** Status reason while the named autoencoder run is missing or unfinished. */
  public static final String WAITING = "WaitingForAutoencoder";

  private AutoencoderCheckpoints() {}

  /**
   * The resolution: the checkpoint URI (null without spec.autoencoder), or why there is none yet
   * ({@code waiting}), or why there never will be ({@code invalid}).
   */
  public record Resolution(String checkpoint, String waiting, String invalid) {
    static final Resolution NONE = new Resolution(null, null, null);
  }

  /**
   * @param runs finds a TrainingRun of the run's namespace by name
   */
  public static Resolution resolve(TrainingRun run, Function<String, Optional<TrainingRun>> runs) {
    ModelSource source = run.getSpec().getAutoencoder();
    if (source == null) {
      return Resolution.NONE;
    }
    if (source.getCheckpoint() != null) {
      return new Resolution(source.getCheckpoint(), null, null);
    }
    String name = source.getTrainingRunRef().getName();
    Optional<TrainingRun> found = runs.apply(name);
    if (found.isEmpty()) {
      return new Resolution(
          null,
          "spec.autoencoder.trainingRunRef: TrainingRun "
              + name
              + " does not exist in namespace "
              + run.getMetadata().getNamespace()
              + "; training starts once it has trained",
          null);
    }
    TrainingRun autoencoder = found.get();
    if (autoencoder.getSpec().getStage() != TrainingStage.Autoencoder) {
      return new Resolution(
          null,
          null,
          "spec.autoencoder.trainingRunRef: TrainingRun "
              + name
              + " is of stage "
              + autoencoder.getSpec().getStage()
              + "; name a TrainingRun of stage Autoencoder");
    }
    var status = autoencoder.getStatus();
    if (status == null
        || status.getPhase() != Phase.Succeeded
        || status.getLatestCheckpoint() == null
        || status.getLatestCheckpoint().getUri() == null) {
      return new Resolution(
          null,
          "TrainingRun "
              + name
              + " (the autoencoder) is "
              + (status == null || status.getPhase() == null ? "Pending" : status.getPhase())
              + "; training starts on its final checkpoint once it has succeeded",
          null);
    }
    return new Resolution(status.getLatestCheckpoint().getUri(), null, null);
  }
}
