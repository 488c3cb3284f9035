package dev.videogen.worker.store;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * How s3:// stores connect and upload, read from the environment ({@link #fromEnvironment}).
 * Credentials are never part of these settings' text: they come from the SDK's standard chain
 * ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, web identity, instance profile), which
 * tests replace through {@link #withCredentials}.
 *
 * @param endpoint the S3 endpoint, for S3-compatible servers; null for AWS
 * @param region the signing region; null to let the SDK find it (AWS only)
 * @param pathStyle address buckets as {@code endpoint/bucket} instead of {@code bucket.endpoint}
 * @param multipartThreshold objects of at least this many bytes are uploaded in parts
 * @param partSize the size of each part but the last
 * @param maxAttempts attempts per request, including the first (the SDK retries throttling and 5xx
 *     answers with backoff)
 * @param credentials where the access key and secret come from
 */
public record S3Settings(
    URI endpoint,
    String region,
    boolean pathStyle,
    long multipartThreshold,
    long partSize,
    int maxAttempts,
    AwsCredentialsProvider credentials) {
  public static final String ENDPOINT_ENV = "VIDEOGEN_S3_ENDPOINT";
  public static final String REGION_ENV = "AWS_REGION";
  public static final String PATH_STYLE_ENV = "VIDEOGEN_S3_PATH_STYLE";
  public static final String MULTIPART_THRESHOLD_ENV = "VIDEOGEN_S3_MULTIPART_THRESHOLD";
  public static final String PART_SIZE_ENV = "VIDEOGEN_S3_PART_SIZE";

  public static final long MIB = 1024 * 1024;

  /** S3's smallest part (but the last). */
  public static final long MIN_PART_SIZE = 5 * MIB;

  /**
   * The largest part or threshold accepted: a part, and a streamed object below the threshold, are
   * held in memory.
   */
  public static final long MAX_BUFFER = 1024 * MIB;

  /** S3's limit on the number of parts of one upload. */
  public static final int MAX_PARTS = 10_000;

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|Ki|Mi|Gi|KiB|MiB|GiB)");

  public S3Settings {
    if (partSize < MIN_PART_SIZE || partSize > MAX_BUFFER) {
      throw new IllegalArgumentException(
          PART_SIZE_ENV
              + ": the part size must be between 5 MiB (S3's minimum) and 1 GiB, not "
              + partSize
              + " bytes");
    }
    if (multipartThreshold < 1 || multipartThreshold > MAX_BUFFER) {
      throw new IllegalArgumentException(
          MULTIPART_THRESHOLD_ENV
              + ": the multipart threshold must be between 1 byte and 1 GiB, not "
              + multipartThreshold
              + " bytes");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
  }

  /** The settings from the process environment. */
  public static S3Settings fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** The settings from {@code env}, with credentials from the SDK's default chain. */
  public static S3Settings fromEnvironment(Map<String, String> env) {
    URI endpoint = endpoint(env.get(ENDPOINT_ENV));
    String region = blankToNull(env.get(REGION_ENV));
    if (region == null && endpoint != null) {
      region = "us-east-1"; // S3-compatible servers rarely care, but SigV4 needs one
    }
    return new S3Settings(
        endpoint,
        region,
        bool(PATH_STYLE_ENV, env.get(PATH_STYLE_ENV)),
        size(MULTIPART_THRESHOLD_ENV, env.get(MULTIPART_THRESHOLD_ENV), 8 * MIB),
        size(PART_SIZE_ENV, env.get(PART_SIZE_ENV), 8 * MIB),
        3,
        DefaultCredentialsProvider.builder().build());
  }

  public S3Settings withCredentials(AwsCredentialsProvider provider) {
    return new S3Settings(
        endpoint, region, pathStyle, multipartThreshold, partSize, maxAttempts, provider);
  }

  public S3Settings withMultipart(long threshold, long part) {
    return new S3Settings(endpoint, region, pathStyle, threshold, part, maxAttempts, credentials);
  }

  public S3Settings withMaxAttempts(int attempts) {
    return new S3Settings(
        endpoint, region, pathStyle, multipartThreshold, partSize, attempts, credentials);
  }

  /** Without the credentials provider, whose text may name an access key. */
  @Override
  public String toString() {
    return "S3Settings[endpoint="
        + endpoint
        + ", region="
        + region
        + ", pathStyle="
        + pathStyle
        + ", multipartThreshold="
        + multipartThreshold
        + ", partSize="
        + partSize
        + ", maxAttempts="
        + maxAttempts
        + "]";
  }

  /** Parses a size in bytes, optionally with a binary suffix as in Kubernetes quantities. */
  static long size(String name, String value, long fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Matcher m = SIZE.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          name
              + "='"
              + value
              + "': expected a number of bytes, optionally with Ki, Mi or Gi (e.g. 8Mi)");
    }
    long unit =
        switch (m.group(2)) {
          case "Ki", "KiB" -> 1024L;
          case "Mi", "MiB" -> MIB;
          case "Gi", "GiB" -> 1024 * MIB;
          default -> 1L;
        };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(name + "='" + value + "' is too large");
    }
  }

  private static boolean bool(String name, String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default ->
          throw new IllegalArgumentException(name + "='" + value + "': expected true or false");
    };
  }

  private static URI endpoint(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENDPOINT_ENV + " is not a URL: " + StoreUri.redact(value));
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          ENDPOINT_ENV + "='" + StoreUri.redact(value) + "': expected http(s)://host[:port]");
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException(
          ENDPOINT_ENV
              + " must not carry credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }
    return uri;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
