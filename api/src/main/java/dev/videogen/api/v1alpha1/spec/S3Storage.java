package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * Connection settings of an S3-compatible store. Credentials never appear in the resource: they
 * come from a Secret in the same namespace, or from the worker's ServiceAccount (workload identity)
 * when no Secret is named.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Storage {
  @Size(max = 512)
  @Pattern("^https?://[^\\s/]+(/.*)?$")
  @JsonPropertyDescription(
      "Endpoint URL of an S3-compatible store, e.g. http://minio.storage:9000. Default: AWS S3.")
  private String endpoint;

  @Size(max = 64)
  @Pattern("^[a-z0-9-]+$")
  @JsonPropertyDescription("Region, e.g. eu-west-1. Default us-east-1.")
  private String region;

  @JsonPropertyDescription(
      "Address buckets as endpoint/bucket rather than bucket.endpoint (MinIO and most"
          + " S3-compatible stores need this). Default: true when an endpoint is set.")
  private Boolean forcePathStyle;

  @JsonPropertyDescription(
      "Secret with keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and optionally"
          + " AWS_SESSION_TOKEN), injected into worker pods as environment variables.")
  private SecretReference credentialsSecret;

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public Boolean getForcePathStyle() {
    return forcePathStyle;
  }

  public void setForcePathStyle(Boolean forcePathStyle) {
    this.forcePathStyle = forcePathStyle;
  }

  public SecretReference getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(SecretReference credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }
}
