package dev.videogen.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.videogen.api.v1alpha1.spec.EditSpec;
import dev.videogen.api.v1alpha1.spec.ExtendSpec;
import dev.videogen.api.v1alpha1.spec.Inputs;
import dev.videogen.api.v1alpha1.spec.ModelSource;
import dev.videogen.api.v1alpha1.spec.OutputSpec;
import dev.videogen.api.v1alpha1.spec.SamplingSpec;
import dev.videogen.api.v1alpha1.spec.ShardingSpec;
import dev.videogen.api.v1alpha1.spec.StorageSpec;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import dev.videogen.api.v1alpha1.spec.WorkerSpec;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What to generate, from which model, and how to run it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!(self.task in ['TextToVideo', 'Image', 'Edit'])"
            + " || (has(self.prompt) && size(self.prompt) > 0)",
    message = "tasks TextToVideo, Image and Edit need a prompt")
@ValidationRule(
    value = "self.task != 'ImageToVideo' || (has(self.inputs) && has(self.inputs.image))",
    message = "task ImageToVideo needs inputs.image: the URI of the image to animate")
@ValidationRule(
    value = "!(self.task in ['Extend', 'Edit']) || (has(self.inputs) && has(self.inputs.video))",
    message = "tasks Extend and Edit need inputs.video: the URI of the video to extend or edit")
@ValidationRule(
    value =
        "self.task != 'Connect'"
            + " || (has(self.inputs) && has(self.inputs.videos) && size(self.inputs.videos) == 2)",
    message =
        "task Connect needs inputs.videos with exactly two URIs: the video to start from and the"
            + " video to end in")
@ValidationRule(
    value = "!has(self.extend) || self.task == 'Extend'",
    message = "extend applies only to task Extend")
@ValidationRule(
    value = "!has(self.edit) || self.task == 'Edit'",
    message = "edit applies only to task Edit")
@ValidationRule(
    value =
        "self.task != 'Image' || !has(self.output) || !has(self.output.format)"
            + " || self.output.format == 'png'",
    message = "task Image writes a png: set output.format to png or leave it out")
public class VideoJobSpec {
  @Required
  @JsonPropertyDescription("The model to sample from.")
  private ModelSource model;

  @Default("TextToVideo")
  @JsonPropertyDescription("TextToVideo (default), ImageToVideo, Extend, Edit, Connect or Image.")
  private VideoTask task = VideoTask.TextToVideo;

  @Size(max = 2000)
  @JsonPropertyDescription("What the video shows.")
  private String prompt;

  @Size(max = 2000)
  @JsonPropertyDescription(
      "What the video should not show (replaces the empty prompt in guidance).")
  private String negativePrompt;

  @JsonPropertyDescription("Media the task is conditioned on.")
  private Inputs inputs;

  @JsonPropertyDescription("Settings of task Extend.")
  private ExtendSpec extend;

  @JsonPropertyDescription("Settings of task Edit.")
  private EditSpec edit;

  @Required
  @JsonPropertyDescription("Size, length, file type and location of the result.")
  private OutputSpec output;

  @JsonPropertyDescription("Sampler settings.")
  private SamplingSpec sampling;

  @JsonPropertyDescription("How a long video is split across pods.")
  private ShardingSpec sharding;

  @JsonPropertyDescription("Image, resources and scheduling of worker pods.")
  private WorkerSpec worker;

  @JsonPropertyDescription(
      "How worker pods reach s3:// URIs: endpoint, region and the Secret holding credentials.")
  private StorageSpec storage;

  @Min(0)
  @Max(20)
  @JsonPropertyDescription(
      "Retries of each shard before the job fails; disruptions such as preemption do not count."
          + " Default 2.")
  private Integer backoffLimitPerShard;

  @JsonPropertyDescription("Suspend the job: running pods stop, and resume later. Kueue sets it.")
  private Boolean suspend;

  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Kueue LocalQueue to admit the job through (label kueue.x-k8s.io/queue-name).")
  private String queueName;

  public ModelSource getModel() {
    return model;
  }

  public void setModel(ModelSource model) {
    this.model = model;
  }

  public VideoTask getTask() {
    return task;
  }

  public void setTask(VideoTask task) {
    this.task = task;
  }

  public String getPrompt() {
    return prompt;
  }

  public void setPrompt(String prompt) {
    this.prompt = prompt;
  }

  public String getNegativePrompt() {
    return negativePrompt;
  }

  public void setNegativePrompt(String negativePrompt) {
    this.negativePrompt = negativePrompt;
  }

  public Inputs getInputs() {
    return inputs;
  }

  public void setInputs(Inputs inputs) {
    this.inputs = inputs;
  }

  public ExtendSpec getExtend() {
    return extend;
  }

  public void setExtend(ExtendSpec extend) {
    this.extend = extend;
  }

  public EditSpec getEdit() {
    return edit;
  }

  public void setEdit(EditSpec edit) {
    this.edit = edit;
  }

  public OutputSpec getOutput() {
    return output;
  }

  public void setOutput(OutputSpec output) {
    this.output = output;
  }

  public SamplingSpec getSampling() {
    return sampling;
  }

  public void setSampling(SamplingSpec sampling) {
    this.sampling = sampling;
  }

  public ShardingSpec getSharding() {
    return sharding;
  }

  public void setSharding(ShardingSpec sharding) {
    this.sharding = sharding;
  }

  public WorkerSpec getWorker() {
    return worker;
  }

  public void setWorker(WorkerSpec worker) {
    this.worker = worker;
  }

  public Integer getBackoffLimitPerShard() {
    return backoffLimitPerShard;
  }

  public void setBackoffLimitPerShard(Integer backoffLimitPerShard) {
    this.backoffLimitPerShard = backoffLimitPerShard;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public String getQueueName() {
    return queueName;
  }

  public void setQueueName(String queueName) {
    this.queueName = queueName;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }
}
