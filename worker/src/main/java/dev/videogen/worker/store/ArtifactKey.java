package dev.videogen.worker.store;

import java.util.regex.Pattern;

/**
 * The rule for keys inside a store: relative paths of {@code /}-separated segments made of {@code
 * [A-Za-z0-9._=+,@-]}, each starting with a letter, a digit or {@code _}. So a key can neither
 * leave its root ({@code ..}, absolute paths, encodings) nor collide with the store's hidden
 * temporary files (which start with {@code .}), and it needs no escaping in a URI.
 */
public final class ArtifactKey {
  /** The longest key accepted (S3 allows 1024 bytes for the whole object name). */
  public static final int MAX_LENGTH = 900;

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._=+,@-]*");
  private static final String RULE =
      "keys are relative paths of '/'-separated segments of [A-Za-z0-9._=+,@-], each starting with"
          + " a letter, digit or '_'";

  private ArtifactKey() {}

  /** Returns {@code key} if it is a valid key, else throws with what is wrong with it. */
  public static String check(String key) {
    if (key == null || key.isEmpty()) {
      throw new InvalidArtifactUriException("empty key: " + RULE);
    }
    return checkPath("key", key);
  }

  /** Like {@link #check}, but also accepts {@code ""}: the store's root, for listing. */
  public static String checkPrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "";
    }
    String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return checkPath("prefix", trimmed);
  }

  /** {@code prefix/name}, or {@code name} under the root. */
  public static String join(String prefix, String name) {
    String p = checkPrefix(prefix);
    return check(p.isEmpty() ? name : p + "/" + name);
  }

  /** Whether {@code key} is valid, for filtering what a listing returns. */
  static boolean isValid(String key) {
    try {
      check(key);
      return true;
    } catch (InvalidArtifactUriException e) {
      return false;
    }
  }

  private static String checkPath(String what, String key) {
    if (key.length() > MAX_LENGTH) {
      throw new InvalidArtifactUriException(
          what + " is " + key.length() + " characters long; the limit is " + MAX_LENGTH);
    }
    if (key.startsWith("/")) {
      throw new InvalidArtifactUriException(
          what
              + " '"
              + key
              + "' is absolute: keys are relative to the store's root (write '"
              + key.replaceFirst("^/+", "")
              + "')");
    }
    if (key.indexOf('%') >= 0) {
      throw new InvalidArtifactUriException(
          what + " '" + key + "' contains '%': keys are plain text, never percent-encoded");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw new InvalidArtifactUriException(
            what + " '" + key + "' has a '" + segment + "' segment, which would escape its root");
      }
      if (segment.isEmpty()) {
        throw new InvalidArtifactUriException(what + " '" + key + "' has an empty segment");
      }
      if (!SEGMENT.matcher(segment).matches()) {
        throw new InvalidArtifactUriException(
            what + " '" + key + "' has an invalid segment '" + segment + "': " + RULE);
      }
    }
    return key;
  }
}
