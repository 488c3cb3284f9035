package dev.videogen.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of a projected volume, as a kubelet writes them: a ServiceAccount token bound to the
 * pod (requested from the API server, so the API server really authenticates the process as the
 * pod's account), ConfigMap keys such as {@code kube-root-ca.crt}, and downward-API fields such as
 * the namespace. This is the volume the API server adds for a pod's service account token.
 */
final class ProjectedVolume {
  private ProjectedVolume() {}

  static Map<String, String> files(KubernetesClient client, Pod pod, ProjectedVolumeSource source) {
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> files = new LinkedHashMap<>();
    for (VolumeProjection projection : source.getSources()) {
      if (projection.getServiceAccountToken() != null) {
        var token = projection.getServiceAccountToken();
        String account =
            pod.getSpec().getServiceAccountName() == null
                ? "default"
                : pod.getSpec().getServiceAccountName();
        TokenRequest request =
            new TokenRequestBuilder()
                .withNewSpec()
                .withAudiences(
                    token.getAudience() == null ? null : java.util.List.of(token.getAudience()))
                .withExpirationSeconds(
                    token.getExpirationSeconds() == null ? 3607L : token.getExpirationSeconds())
                .withNewBoundObjectRef()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid())
                .endBoundObjectRef()
                .endSpec()
                .build();
        TokenRequest issued =
            client.serviceAccounts().inNamespace(ns).withName(account).tokenRequest(request);
        files.put(token.getPath(), issued.getStatus().getToken());
      } else if (projection.getConfigMap() != null) {
        ConfigMap cm =
            client.configMaps().inNamespace(ns).withName(projection.getConfigMap().getName()).get();
        if (cm != null && cm.getData() != null) {
          if (projection.getConfigMap().getItems() == null
              || projection.getConfigMap().getItems().isEmpty()) {
            files.putAll(cm.getData());
          } else {
            for (KeyToPath item : projection.getConfigMap().getItems()) {
              files.put(item.getPath(), cm.getData().getOrDefault(item.getKey(), ""));
            }
          }
        }
      } else if (projection.getDownwardAPI() != null) {
        for (var item : projection.getDownwardAPI().getItems()) {
          if (item.getFieldRef() != null) {
            String field = item.getFieldRef().getFieldPath();
            files.put(
                item.getPath(),
                switch (field) {
                  case "metadata.namespace" -> ns;
                  case "metadata.name" -> pod.getMetadata().getName();
                  case "metadata.uid" -> pod.getMetadata().getUid();
                  default -> "";
                });
          }
        }
      }
    }
    return files;
  }
}
