package dev.videogen.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Leader election over a Lease in the operator's namespace, so several replicas can run with one
 * active (the chart's {@code leaderElection.*} values, as {@code VIDEOGEN_LEADER_ELECTION_*}
 * variables). Off unless enabled: local runs and tests have no Lease to hold.
 */
public class LeaderElection {
  @Produces
  @Dependent
  @Unremovable // looked up by the operator SDK, not injected
  LeaderElectionConfiguration leaderElection(
      @ConfigProperty(name = "videogen.leader-election.enabled", defaultValue = "false")
          boolean enabled,
      @ConfigProperty(
              name = "videogen.leader-election.lease-name",
              defaultValue = "videogen-operator-leader")
          String leaseName,
      @ConfigProperty(name = "videogen.leader-election.lease-namespace")
          Optional<String> leaseNamespace,
      @ConfigProperty(name = "pod.name") Optional<String> podName) {
    if (!enabled) {
      return null;
    }
    LeaderElectionConfigurationBuilder builder =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName);
    leaseNamespace.ifPresent(builder::withLeaseNamespace);
    podName.ifPresent(builder::withIdentity);
    return builder.build();
  }
}
