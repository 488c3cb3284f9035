package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** How the operator runs worker pods: image, GPUs and scheduling. Copied onto every pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerSpec {
  @Size(max = 512)
  @JsonPropertyDescription("Worker container image. Default: the operator's configured image.")
  private String image;

  @JsonPropertyDescription(
      "Container resources, e.g. limits: {nvidia.com/gpu: 1}. Default: the operator's defaults.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Node labels a worker pod's node must have.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations of worker pods, e.g. for a nvidia.com/gpu taint.")
  private List<Toleration> tolerations;

  @Size(max = 253)
  @JsonPropertyDescription("PriorityClass of worker pods.")
  private String priorityClassName;

  @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
  @JsonPropertyDescription(
      "ServiceAccount of worker pods (e.g. one with S3 access by workload identity).")
  private String serviceAccountName;

  @JsonPropertyDescription("Extra environment variables of the worker container.")
  private List<EnvVar> env;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public String getPriorityClassName() {
    return priorityClassName;
  }

  public void setPriorityClassName(String priorityClassName) {
    this.priorityClassName = priorityClassName;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }
}
