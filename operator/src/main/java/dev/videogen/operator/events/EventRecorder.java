package dev.videogen.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records Kubernetes Events on our resources ({@code kubectl describe vj NAME} shows them): Normal
 * for phase changes, Warning for failures and invalid specs. Messages never contain credentials
 * (the spec holds none: Secrets are referenced by name). A failure to record is logged, never
 * fatal.
 */
@ApplicationScoped
public class EventRecorder {
  private static final Logger LOG = Logger.getLogger(EventRecorder.class);
  static final String COMPONENT = "videogen-operator";

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void normal(HasMetadata on, String reason, String message) {
    record(on, "Normal", reason, message);
  }

  public void warning(HasMetadata on, String reason, String message) {
    record(on, "Warning", reason, message);
  }

  private void record(HasMetadata on, String type, String reason, String message) {
    String now = Instant.now().toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                on.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(on.getMetadata().getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(on.getApiVersion())
                    .withKind(on.getKind())
                    .withName(on.getMetadata().getName())
                    .withNamespace(on.getMetadata().getNamespace())
                    .withUid(on.getMetadata().getUid())
                    .withResourceVersion(on.getMetadata().getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message.length() > 1024 ? message.substring(0, 1023) + "…" : message)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(on.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "could not record event %s on %s: %s", reason, on.getMetadata().getName(), e.getStatus());
    }
  }
}
