package dev.videogen.operator.videojob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.api.v1alpha1.VideoJobSpec;
import dev.videogen.api.v1alpha1.spec.ModelSource;
import dev.videogen.api.v1alpha1.spec.OutputSpec;
import org.junit.jupiter.api.Test;

/** Which PersistentVolumeClaims a VideoJob's stage pods mount. */
class StageRunnerClaimsTest {
  private static VideoJob job(ModelSource model) {
    VideoJobSpec spec = new VideoJobSpec();
    spec.setModel(model);
    OutputSpec output = new OutputSpec();
    output.setLocation("pvc://videogen-outputs/red-circle");
    spec.setOutput(output);
    VideoJob job = new VideoJob();
    job.setSpec(spec);
    return job;
  }

  @Test
  void aTrainingRunsCheckpointOnAnotherClaimIsMountedToo() {
    // examples/videojob-text-to-video.yaml: the model's checkpoints live on their own claim.
    VideoJob job = job(ModelSource.ofTrainingRun("tiny-synthetic"));
    assertThat(StageRunner.claims(job, "pvc://videogen-models/tiny-synthetic/step-00002000"))
        .containsExactly("videogen-models", "videogen-outputs");
  }

  @Test
  void aCheckpointInTheStoreOrOnTheSameClaimAddsNothing() {
    VideoJob job = job(ModelSource.ofTrainingRun("tiny-synthetic"));
    assertThat(StageRunner.claims(job, "s3://models/tiny/step-00000100"))
        .containsExactly("videogen-outputs");
    assertThat(StageRunner.claims(job, "pvc://videogen-outputs/models/step-00000100"))
        .containsExactly("videogen-outputs");
  }
}
