package dev.videogen.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.TrainingRunSpec;
import dev.videogen.api.v1alpha1.TrainingRunStatus;
import dev.videogen.api.v1alpha1.spec.ModelSource;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import dev.videogen.api.v1alpha1.status.CheckpointRecord;
import dev.videogen.api.v1alpha1.status.Phase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which autoencoder checkpoint a latent diffusion TrainingRun starts on, or why not yet. */
class AutoencoderCheckpointsTest {
  static TrainingRun run(String name, TrainingStage stage, ModelSource autoencoder) {
    TrainingRun run = new TrainingRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
    TrainingRunSpec spec = new TrainingRunSpec();
    spec.setStage(stage);
    spec.setAutoencoder(autoencoder);
    run.setSpec(spec);
    return run;
  }

  static TrainingRun vae(Phase phase, String latest) {
    TrainingRun vae = run("vae", TrainingStage.Autoencoder, null);
    TrainingRunStatus status = new TrainingRunStatus();
    status.setPhase(phase);
    if (latest != null) {
      CheckpointRecord record = new CheckpointRecord();
      record.setUri(latest);
      status.setLatestCheckpoint(record);
    }
    vae.setStatus(status);
    return vae;
  }

  static final TrainingRun LATENT =
      run("dit", TrainingStage.Diffusion, ModelSource.ofTrainingRun("vae"));

  @Test
  void withoutAnAutoencoderThereIsNothingToResolve() {
    var r =
        AutoencoderCheckpoints.resolve(
            run("dit", TrainingStage.Diffusion, null), n -> Optional.empty());
    assertThat(r).isEqualTo(AutoencoderCheckpoints.Resolution.NONE);
  }

  @Test
  void aCheckpointUriIsUsedAsGiven() {
    var r =
        AutoencoderCheckpoints.resolve(
            run("dit", TrainingStage.Diffusion, ModelSource.ofCheckpoint("s3://m/vae/step-1")),
            n -> Optional.empty());
    assertThat(r.checkpoint()).isEqualTo("s3://m/vae/step-1");
    assertThat(r.waiting()).isNull();
  }

  @Test
  void aRunIsUsedOnceItHasSucceededAndWaitedForUntilThen() {
    var missing = AutoencoderCheckpoints.resolve(LATENT, n -> Optional.empty());
    assertThat(missing.checkpoint()).isNull();
    assertThat(missing.waiting()).contains("TrainingRun vae does not exist in namespace ns");

    var running =
        AutoencoderCheckpoints.resolve(
            LATENT, n -> Optional.of(vae(Phase.Running, "s3://m/vae/step-00000500")));
    assertThat(running.checkpoint()).as("not a checkpoint of an autoencoder in training").isNull();
    assertThat(running.waiting()).contains("TrainingRun vae (the autoencoder) is Running");

    var done =
        AutoencoderCheckpoints.resolve(
            LATENT, n -> Optional.of(vae(Phase.Succeeded, "s3://m/vae/step-00004400")));
    assertThat(done.checkpoint()).isEqualTo("s3://m/vae/step-00004400");
    assertThat(done.waiting()).isNull();
    assertThat(done.invalid()).isNull();
  }

  @Test
  void aDiffusionRunIsNoAutoencoder() {
    var r =
        AutoencoderCheckpoints.resolve(
            LATENT, n -> Optional.of(run("vae", TrainingStage.Diffusion, null)));
    assertThat(r.invalid()).contains("TrainingRun vae is of stage Diffusion");
    assertThat(r.checkpoint()).isNull();
  }
}
