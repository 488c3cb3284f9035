package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How worker pods reach the artifact store behind {@code s3://} URIs. {@code pvc://} needs nothing
 * here (the operator mounts the claim) and {@code file://} is for local runs only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {
  @JsonPropertyDescription(
      "S3 or an S3-compatible store (MinIO, Ceph RGW, GCS interop) for s3:// URIs.")
  private S3Storage s3;

  public S3Storage getS3() {
    return s3;
  }

  public void setS3(S3Storage s3) {
    this.s3 = s3;
  }
}
