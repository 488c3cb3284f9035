package dev.videogen.operator.videojob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.TrainingRunSpec;
import dev.videogen.api.v1alpha1.TrainingRunStatus;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.api.v1alpha1.VideoJobSpec;
import dev.videogen.api.v1alpha1.spec.ModelSource;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import dev.videogen.api.v1alpha1.status.CheckpointRecord;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which checkpoint a VideoJob that names a TrainingRun renders with, or why none. */
class ModelCheckpointsTest {
  static VideoJob job() {
    VideoJob job = new VideoJob();
    job.setMetadata(new ObjectMetaBuilder().withName("clip").withNamespace("ns").build());
    VideoJobSpec spec = new VideoJobSpec();
    spec.setModel(ModelSource.ofTrainingRun("run"));
    job.setSpec(spec);
    return job;
  }

  static TrainingRun run(TrainingStage stage, String latest) {
    TrainingRun run = new TrainingRun();
    run.setMetadata(new ObjectMetaBuilder().withName("run").withNamespace("ns").build());
    TrainingRunSpec spec = new TrainingRunSpec();
    spec.setStage(stage);
    run.setSpec(spec);
    TrainingRunStatus status = new TrainingRunStatus();
    CheckpointRecord record = new CheckpointRecord();
    record.setUri(latest);
    status.setLatestCheckpoint(record);
    run.setStatus(status);
    return run;
  }

  @Test
  void aDiffusionRunsLatestCheckpointIsUsed() {
    var r =
        ModelCheckpoints.resolve(
            job(),
            List.of(),
            Optional.of(run(TrainingStage.Diffusion, "s3://m/run/step-00000100")));
    assertThat(r.blocked()).isNull();
    assertThat(r.checkpoint()).isEqualTo("s3://m/run/step-00000100");
  }

  @Test
  void anAutoencoderRunCannotRenderAndThatIsPermanent() {
    var r =
        ModelCheckpoints.resolve(
            job(),
            List.of(),
            Optional.of(run(TrainingStage.Autoencoder, "s3://m/vae/step-00000100")));
    assertThat(r.checkpoint()).isNull();
    assertThat(r.blocked().permanent()).isTrue();
    assertThat(r.blocked().reason()).isEqualTo("InvalidModel");
    assertThat(r.blocked().message())
        .contains("TrainingRun run trains the video autoencoder (stage Autoencoder)");
  }
}
