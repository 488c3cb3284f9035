package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where a model's weights come from: a TrainingRun's latest checkpoint, or a checkpoint URI. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.trainingRunRef) != has(self.checkpoint)",
    message =
        "set exactly one of trainingRunRef (the latest checkpoint of a TrainingRun) or checkpoint"
            + " (a checkpoint URI)")
public class ModelSource {
  @JsonPropertyDescription("Use the latest checkpoint of this TrainingRun (same namespace).")
  private TrainingRunReference trainingRunRef;

  @Size(max = ArtifactUri.MAX_LENGTH)
  @ValidationRule(value = ArtifactUri.RULE, message = ArtifactUri.MESSAGE)
  @JsonPropertyDescription("URI of a checkpoint directory (s3://, pvc:// or file://).")
  private String checkpoint;

  public static ModelSource ofTrainingRun(String name) {
    ModelSource source = new ModelSource();
    source.setTrainingRunRef(new TrainingRunReference(name));
    return source;
  }

  public static ModelSource ofCheckpoint(String uri) {
    ModelSource source = new ModelSource();
    source.setCheckpoint(uri);
    return source;
  }

  public TrainingRunReference getTrainingRunRef() {
    return trainingRunRef;
  }

  public void setTrainingRunRef(TrainingRunReference trainingRunRef) {
    this.trainingRunRef = trainingRunRef;
  }

  public String getCheckpoint() {
    return checkpoint;
  }

  public void setCheckpoint(String checkpoint) {
    this.checkpoint = checkpoint;
  }
}
