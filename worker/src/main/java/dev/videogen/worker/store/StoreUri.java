package dev.videogen.worker.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A parsed, checked artifact URI: the root of a store. The worker's side of the CRD rule in {@code
 * dev.videogen.api.v1alpha1.spec.ArtifactUri}, stricter where it can be: unknown schemes, invalid
 * buckets and claims, credentials in the URI and every way of escaping the root ({@code ..}, also
 * percent-encoded) are rejected here, before any I/O.
 *
 * @param scheme which store
 * @param authority the bucket (s3), the claim (pvc) or {@code ""} (file)
 * @param path the root inside it, without leading or trailing {@code /}; {@code ""} for the top.
 *     Percent-decoded for {@code file:}; taken literally for s3 and pvc, as S3 tools do
 * @param rawPath {@code path} as written, for building URIs
 */
public record StoreUri(Scheme scheme, String authority, String path, String rawPath) {
  /** The longest URI accepted, as in the CRD rule. */
  public static final int MAX_LENGTH = 1024;

  /** The URI schemes a store can be opened for. */
  public enum Scheme {
    S3("s3://bucket/prefix"),
    PVC("pvc://claim/path"),
    FILE("file:///absolute/path");

    private final String example;

    Scheme(String example) {
      this.example = example;
    }

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public String example() {
      return example;
    }
  }

  private static final String EXPECTED =
      Arrays.stream(Scheme.values()).map(Scheme::example).collect(Collectors.joining(", "));
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
  private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/]*@");
  private static final Pattern ENCODED_DOT_OR_SLASH =
      Pattern.compile("%(2e|2f|5c)", Pattern.CASE_INSENSITIVE);
  private static final Pattern CLAIM = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  /** Parses and checks {@code uri}, or throws with a message that says what to write instead. */
  public static StoreUri parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new InvalidArtifactUriException("empty artifact URI: expected one of " + EXPECTED);
    }
    String shown = redact(uri);
    if (uri.length() > MAX_LENGTH) {
      throw invalid(shown, "longer than " + MAX_LENGTH + " characters");
    }
    Matcher m = SCHEME.matcher(uri);
    if (!m.find()) {
      throw invalid(shown, "not a URI: expected one of " + EXPECTED);
    }
    Scheme scheme = scheme(m.group(1), shown);
    String rest = uri.substring(m.end());
    if (!rest.startsWith("//")) {
      throw invalid(shown, "write " + scheme.example() + " (with '//')");
    }
    rest = rest.substring(2);
    if (!shown.equals(uri)) {
      throw invalid(
          shown,
          "user info or credentials in the URI are not allowed: S3 credentials come from"
              + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (a Secret), see docs/artifacts.md");
    }
    if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
      throw invalid(shown, "a query ('?') or fragment ('#') is not allowed");
    }
    if (rest.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
      throw invalid(shown, "control characters and '\\' are not allowed");
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String rawPath = slash < 0 ? "" : rest.substring(slash + 1);
    checkAuthority(scheme, authority, shown);
    if (ENCODED_DOT_OR_SLASH.matcher(rawPath).find()) {
      throw invalid(
          shown,
          "percent-encoded '.', '/' or '\\' (%2e, %2f, %5c) is not allowed: it could hide a '..'"
              + " segment that escapes the root");
    }
    rawPath = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
    String path = scheme == Scheme.FILE ? decode(rawPath, shown) : rawPath;
    checkPath(path, shown);
    return new StoreUri(scheme, authority, path, rawPath);
  }

  /** {@code uri} with any user info replaced by {@code ***}, for messages and logs. */
  public static String redact(String uri) {
    return uri == null ? null : USER_INFO.matcher(uri).replaceFirst("$1***@");
  }

  /** The root as a URI, without a trailing {@code /}. */
  @Override
  public String toString() {
    return scheme.id() + "://" + authority + (rawPath.isEmpty() ? "" : "/" + rawPath);
  }

  /** The URI of {@code key} under this root. */
  public String child(String key) {
    return scheme.id() + "://" + authority + "/" + (rawPath.isEmpty() ? "" : rawPath + "/") + key;
  }

  private static Scheme scheme(String given, String shown) {
    for (Scheme s : Scheme.values()) {
      if (s.id().equals(given)) {
        return s;
      }
      if (s.id().equalsIgnoreCase(given)) {
        throw invalid(shown, "write the scheme in lower case: " + s.example());
      }
    }
    throw invalid(
        shown,
        "unsupported scheme '"
            + given
            + "': allowed are "
            + Arrays.stream(Scheme.values())
                .map(s -> s.id() + "://")
                .collect(Collectors.joining(", ")));
  }

  private static void checkAuthority(Scheme scheme, String authority, String shown) {
    switch (scheme) {
      case FILE -> {
        if (!authority.isEmpty()) {
          throw invalid(
              shown, "a file URI has no host: write file:///absolute/path (three slashes)");
        }
      }
      case PVC -> {
        if (authority.isEmpty()) {
          throw invalid(shown, "no claim: write " + scheme.example());
        }
        if (!CLAIM.matcher(authority).matches()) {
          throw invalid(
              shown,
              "'"
                  + authority
                  + "' is not a PersistentVolumeClaim name: at most 63 lower-case letters, digits"
                  + " or '-', starting and ending with a letter or digit");
        }
      }
      case S3 -> checkBucket(authority, shown);
    }
  }

  private static void checkBucket(String bucket, String shown) {
    if (bucket.isEmpty()) {
      throw invalid(shown, "no bucket: write s3://bucket/prefix");
    }
    String why = null;
    if (!BUCKET.matcher(bucket).matches()) {
      why =
          "3 to 63 lower-case letters, digits, '.' or '-', starting and ending with a letter or"
              + " digit";
    } else if (bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.")) {
      why = "no '..', '.-' or '-.'";
    } else if (IP_ADDRESS.matcher(bucket).matches()) {
      why = "not formatted as an IP address";
    } else if (bucket.startsWith("xn--")
        || bucket.startsWith("sthree-")
        || bucket.endsWith("-s3alias")
        || bucket.endsWith("--ol-s3")
        || bucket.endsWith("--x-s3")) {
      why = "no reserved prefix (xn--, sthree-) or suffix (-s3alias, --ol-s3, --x-s3)";
    }
    if (why != null) {
      throw invalid(shown, "'" + bucket + "' is not a valid S3 bucket name: " + why);
    }
  }

  private static void checkPath(String path, String shown) {
    if (path.isEmpty()) {
      return;
    }
    if (path.startsWith("/")) {
      throw invalid(shown, "the path has an empty segment ('//')");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw invalid(shown, "a '" + segment + "' segment would escape the root");
      }
      if (segment.isEmpty()) {
        throw invalid(shown, "the path has an empty segment ('//')");
      }
    }
  }

  private static String decode(String rawPath, String shown) {
    try {
      // URLDecoder would turn '+' into a space, which a URI path does not mean.
      return URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid(shown, "malformed percent-encoding in the path");
    }
  }

  private static InvalidArtifactUriException invalid(String shown, String why) {
    return new InvalidArtifactUriException("artifact URI '" + shown + "': " + why);
  }
}
