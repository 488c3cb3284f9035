package dev.videogen.worker.store;

import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns the SDK's exceptions into messages that say what to fix. They name the URI and the S3 error
 * code, and point at the environment variables behind the credentials, never at their values (the
 * SDK's own messages hold no secret either).
 */
final class S3Errors {
  private S3Errors() {}

  /** Whether {@code e} says the object does not exist (a missing bucket is an error instead). */
  static boolean isNotFound(SdkException e) {
    return e instanceof S3Exception s3
        && s3.statusCode() == 404
        && (s3.awsErrorDetails() == null
            || !"NoSuchBucket".equals(s3.awsErrorDetails().errorCode()));
  }

  static ArtifactStoreException describe(String action, String uri, SdkException e) {
    return new ArtifactStoreException(action + " " + uri + " failed: " + reason(e), e);
  }

  private static String reason(SdkException e) {
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      String serverMessage =
          s3.awsErrorDetails() == null ? s3.getMessage() : s3.awsErrorDetails().errorMessage();
      String head = s3.statusCode() + (code == null ? "" : " " + code) + ": ";
      String lower = code == null ? "" : code.toLowerCase(Locale.ROOT);
      if ("InvalidAccessKeyId".equals(code)) {
        return head
            + "the server does not know this access key; check AWS_ACCESS_KEY_ID (from the"
            + " credentials Secret)";
      }
      if ("SignatureDoesNotMatch".equals(code)) {
        return head
            + "the request signature does not match; check AWS_SECRET_ACCESS_KEY (from the"
            + " credentials Secret) and AWS_REGION";
      }
      if ("NoSuchBucket".equals(code)) {
        return head + "the bucket does not exist; create it or fix the URI";
      }
      if (lower.contains("digest") || lower.contains("checksum") || lower.contains("sha256")) {
        return head
            + "the server's checksum of the bytes it received differs from the sha256 sent: the"
            + " data changed while it was read or in transit ("
            + serverMessage
            + ")";
      }
      if (s3.statusCode() == 301 || "PermanentRedirect".equals(code)) {
        return head + "the bucket is in another region; set AWS_REGION to its region";
      }
      if (s3.statusCode() == 403) {
        return head
            + "access denied; the credentials lack permission for this bucket or key ("
            + serverMessage
            + ")";
      }
      return head + serverMessage;
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof SdkClientException && message.contains("Unable to load credentials")) {
      return "no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (in a pod, from"
          + " the Secret named in the resource), see docs/artifacts.md";
    }
    return message;
  }
}
