package dev.videogen.operator.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.operator.workload.WorkerDefaults;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the worker defaults from the operator's configuration. The Helm chart sets them as
 * environment variables: {@code VIDEOGEN_WORKER_IMAGE}, {@code VIDEOGEN_WORKER_IMAGE_PULL_POLICY},
 * {@code VIDEOGEN_WORKER_GPU_RESOURCES} and {@code VIDEOGEN_WORKER_CPU_RESOURCES} (JSON of a
 * container's {@code resources}) and {@code VIDEOGEN_WORKER_RUN_AS_USER}.
 */
@ApplicationScoped
public class WorkerDefaultsProducer {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ConfigProperty(name = "videogen.worker.image")
  String image;

  @ConfigProperty(name = "videogen.worker.image-pull-policy", defaultValue = "IfNotPresent")
  String imagePullPolicy;

  @ConfigProperty(name = "videogen.worker.gpu-resources")
  String gpuResources;

  @ConfigProperty(name = "videogen.worker.cpu-resources")
  String cpuResources;

  @ConfigProperty(name = "videogen.worker.run-as-user", defaultValue = "1000")
  long runAsUser;

  @Produces
  @Singleton // a record cannot be proxied, so not a normal scope
  public WorkerDefaults workerDefaults() {
    return new WorkerDefaults(
        image,
        imagePullPolicy,
        resources("VIDEOGEN_WORKER_GPU_RESOURCES", gpuResources),
        resources("VIDEOGEN_WORKER_CPU_RESOURCES", cpuResources),
        runAsUser);
  }

  static ResourceRequirements resources(String name, String json) {
    try {
      return JSON.readValue(json, ResourceRequirements.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          name
              + " must be the JSON of a container's resources, e.g."
              + " {\"limits\":{\"nvidia.com/gpu\":\"1\"}}: "
              + e.getOriginalMessage(),
          e);
    }
  }
}
