package dev.videogen.operator.workload;

import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * What worker pods get when a resource's {@code spec.worker} leaves it out: set by the operator's
 * configuration (the Helm chart's {@code worker.*} values).
 *
 * @param image worker container image
 * @param imagePullPolicy Always, IfNotPresent or Never
 * @param resources GPU worker resources (render and training pods)
 * @param cpuResources resources of CPU-only pods (stitching)
 * @param runAsUser uid (and gid) of worker containers; the restricted profile forbids root
 */
public record WorkerDefaults(
    String image,
    String imagePullPolicy,
    ResourceRequirements resources,
    ResourceRequirements cpuResources,
    long runAsUser) {}
