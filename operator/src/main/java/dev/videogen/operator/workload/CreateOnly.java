package dev.videogen.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/**
 * Creates the operator's Jobs and ConfigMaps once and never updates them: a Job's pod template is
 * immutable anyway, and a task document must not change under pods that may have read it.
 */
public final class CreateOnly {
  private CreateOnly() {}

  /** Creates {@code object}, or returns the one an earlier reconcile created. */
  public static <T extends HasMetadata> T create(KubernetesClient client, T object) {
    try {
      return client.resource(object).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // Created by an earlier reconcile whose response or cache update we have not seen.
      return client.resource(object).get();
    }
  }
}
