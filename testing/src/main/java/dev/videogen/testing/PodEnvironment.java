package dev.videogen.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as a kubelet computes it: the API server's address ({@code
 * KUBERNETES_SERVICE_HOST} and {@code _PORT}), {@code envFrom} (ConfigMaps and Secrets, with their
 * prefix) first, then {@code env} in order, whose values may reference pod fields, including
 * annotations and labels (the Job controller passes {@code JOB_COMPLETION_INDEX} that way),
 * ConfigMap keys and Secret keys.
 */
final class PodEnvironment {
  private static final Pattern MAP_FIELD =
      Pattern.compile("metadata\\.(annotations|labels)\\['(.+)'\\]");

  private PodEnvironment() {}

  static Map<String, String> of(KubernetesClient client, Pod pod, Container container) {
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>();
    // A kubelet points every container at the API server's Service; ours is reached directly.
    java.net.URL master = client.getMasterUrl();
    env.put("KUBERNETES_SERVICE_HOST", master.getHost());
    env.put(
        "KUBERNETES_SERVICE_PORT",
        Integer.toString(master.getPort() > 0 ? master.getPort() : master.getDefaultPort()));
    if (container.getEnvFrom() != null) {
      for (EnvFromSource from : container.getEnvFrom()) {
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        Map<String, String> values = Map.of();
        if (from.getSecretRef() != null) {
          Secret s = client.secrets().inNamespace(ns).withName(from.getSecretRef().getName()).get();
          values = LocalPodFilesystem.decode(s);
        } else if (from.getConfigMapRef() != null) {
          ConfigMap cm =
              client.configMaps().inNamespace(ns).withName(from.getConfigMapRef().getName()).get();
          values = cm == null || cm.getData() == null ? Map.of() : cm.getData();
        }
        values.forEach((k, v) -> env.put(prefix + k, v));
      }
    }
    if (container.getEnv() != null) {
      for (EnvVar var : container.getEnv()) {
        env.put(var.getName(), value(client, pod, var));
      }
    }
    return env;
  }

  private static String value(KubernetesClient client, Pod pod, EnvVar var) {
    var from = var.getValueFrom();
    if (from == null) {
      return var.getValue() == null ? "" : var.getValue();
    }
    String ns = pod.getMetadata().getNamespace();
    if (from.getFieldRef() != null) {
      String path = from.getFieldRef().getFieldPath();
      Matcher m = MAP_FIELD.matcher(path);
      if (m.matches()) {
        Map<String, String> map =
            m.group(1).equals("annotations")
                ? pod.getMetadata().getAnnotations()
                : pod.getMetadata().getLabels();
        return map == null ? "" : map.getOrDefault(m.group(2), "");
      }
      return switch (path) {
        case "metadata.name" -> pod.getMetadata().getName();
        case "metadata.namespace" -> pod.getMetadata().getNamespace();
        case "metadata.uid" -> pod.getMetadata().getUid();
        case "spec.nodeName" -> pod.getSpec().getNodeName();
        case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
        default -> "";
      };
    }
    if (from.getSecretKeyRef() != null) {
      Secret s = client.secrets().inNamespace(ns).withName(from.getSecretKeyRef().getName()).get();
      return LocalPodFilesystem.decode(s).getOrDefault(from.getSecretKeyRef().getKey(), "");
    }
    if (from.getConfigMapKeyRef() != null) {
      ConfigMap cm =
          client.configMaps().inNamespace(ns).withName(from.getConfigMapKeyRef().getName()).get();
      return cm == null || cm.getData() == null
          ? ""
          : cm.getData().getOrDefault(from.getConfigMapKeyRef().getKey(), "");
    }
    return "";
  }
}
