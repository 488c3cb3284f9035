package dev.videogen.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.videogen.api.v1alpha1.spec.ArtifactUri;
import dev.videogen.api.v1alpha1.spec.CheckpointSpec;
import dev.videogen.api.v1alpha1.spec.DatasetSpec;
import dev.videogen.api.v1alpha1.spec.ModelSource;
import dev.videogen.api.v1alpha1.spec.ModelSpec;
import dev.videogen.api.v1alpha1.spec.StorageSpec;
import dev.videogen.api.v1alpha1.spec.TrainingSpec;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import dev.videogen.api.v1alpha1.spec.WorkerSpec;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What to train, on which data, with which hyperparameters, and where checkpoints go. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.stage == 'Diffusion' || !has(self.autoencoder)",
    message =
        "autoencoder applies only to stage Diffusion: it names the VAE whose latents the"
            + " diffusion model is trained on")
@ValidationRule(
    value = "self.stage == 'Autoencoder' || !has(self.model) || !has(self.model.latentChannels)",
    message =
        "model.latentChannels applies only to stage Autoencoder: a diffusion model takes its"
            + " channels from its autoencoder")
@ValidationRule(
    value =
        "self.stage == 'Diffusion' || !has(self.model) || (!has(self.model.depth) &&"
            + " !has(self.model.heads) && !has(self.model.patchSize) &&"
            + " !has(self.model.textEncoderDepth))",
    message =
        "stage Autoencoder takes model.preset, model.width and model.latentChannels only (depth,"
            + " heads, patchSize and textEncoderDepth are the transformer's)")
@ValidationRule(
    value = "!has(self.dataset) || !has(self.dataset.latentCache) || has(self.autoencoder)",
    message =
        "dataset.latentCache caches an autoencoder's latents: it needs spec.autoencoder (latent"
            + " diffusion)")
public class TrainingRunSpec {
  @JsonPropertyDescription("Architecture: a preset and optional overrides.")
  private ModelSpec model;

  @Default("Diffusion")
  @JsonPropertyDescription("Diffusion (default): the transformer; Autoencoder: the video VAE.")
  private TrainingStage stage = TrainingStage.Diffusion;

  @JsonPropertyDescription(
      "For stage Diffusion: train on the latents of this autoencoder (a TrainingRun of stage"
          + " Autoencoder, or a checkpoint URI). Without it the model works on pixels.")
  private ModelSource autoencoder;

  @Required
  @JsonPropertyDescription("Training data.")
  private DatasetSpec dataset;

  @Required
  @JsonPropertyDescription("Optimisation hyperparameters.")
  private TrainingSpec training;

  @Required
  @JsonPropertyDescription("Checkpoint location, interval and retention.")
  private CheckpointSpec checkpoint;

  @Size(max = ArtifactUri.MAX_LENGTH)
  @ValidationRule(value = ArtifactUri.RULE, message = ArtifactUri.MESSAGE)
  @JsonPropertyDescription(
      "Start from this checkpoint (fine-tuning) when checkpoint.location holds none yet.")
  private String resumeFrom;

  @JsonPropertyDescription("Image, resources and scheduling of the training pod.")
  private WorkerSpec worker;

  @Min(1)
  @ValidationRule(
      value = "self == 1",
      message =
          "multi-node training is not supported: DJL has no collective communication to average"
              + " gradients across pods; train data-parallel on several GPUs of one pod instead"
              + " (worker.resources.limits nvidia.com/gpu: N)")
  @JsonPropertyDescription(
      "Pods that train together. Only 1 today: for data parallelism request several GPUs for"
          + " the one pod. Default 1.")
  private Integer workers;

  @JsonPropertyDescription(
      "How worker pods reach s3:// URIs: endpoint, region and the Secret holding credentials.")
  private StorageSpec storage;

  @JsonPropertyDescription(
      "Suspend training: the pod stops after a checkpoint; resume continues from it.")
  private Boolean suspend;

  public ModelSpec getModel() {
    return model;
  }

  public void setModel(ModelSpec model) {
    this.model = model;
  }

  public TrainingStage getStage() {
    return stage;
  }

  public void setStage(TrainingStage stage) {
    this.stage = stage;
  }

  public ModelSource getAutoencoder() {
    return autoencoder;
  }

  public void setAutoencoder(ModelSource autoencoder) {
    this.autoencoder = autoencoder;
  }

  public DatasetSpec getDataset() {
    return dataset;
  }

  public void setDataset(DatasetSpec dataset) {
    this.dataset = dataset;
  }

  public TrainingSpec getTraining() {
    return training;
  }

  public void setTraining(TrainingSpec training) {
    this.training = training;
  }

  public CheckpointSpec getCheckpoint() {
    return checkpoint;
  }

  public void setCheckpoint(CheckpointSpec checkpoint) {
    this.checkpoint = checkpoint;
  }

  public String getResumeFrom() {
    return resumeFrom;
  }

  public void setResumeFrom(String resumeFrom) {
    this.resumeFrom = resumeFrom;
  }

  public WorkerSpec getWorker() {
    return worker;
  }

  public void setWorker(WorkerSpec worker) {
    this.worker = worker;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public Integer getWorkers() {
    return workers;
  }

  public void setWorkers(Integer workers) {
    this.workers = workers;
  }
}
