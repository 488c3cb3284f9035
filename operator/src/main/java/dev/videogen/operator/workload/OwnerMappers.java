package dev.videogen.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;

/** Maps a worker Job or pod to the resource it runs for, by the owner annotation we set on it. */
public final class OwnerMappers {
  private OwnerMappers() {}

  public static <R extends HasMetadata> SecondaryToPrimaryMapper<R> byOwnerAnnotation() {
    return r -> {
      var annotations = r.getMetadata().getAnnotations();
      String owner = annotations == null ? null : annotations.get(WorkerLabels.OWNER_NAME);
      return owner == null
          ? Set.of()
          : Set.of(new ResourceID(owner, r.getMetadata().getNamespace()));
    };
  }
}
