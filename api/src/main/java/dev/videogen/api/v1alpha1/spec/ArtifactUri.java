package dev.videogen.api.v1alpha1.spec;

/**
 * The CEL rule and message shared by every field that holds an artifact URI. Allowed: {@code
 * s3://bucket/prefix}, {@code pvc://claim/path} and {@code file:///absolute/path} (the local runner
 * only; the operator rejects it), never with a {@code ..} segment that would escape the root.
 */
public final class ArtifactUri {
  /** The longest URI accepted; it also bounds the CEL cost estimate of the rules below. */
  public static final long MAX_LENGTH = 1024;

  private static final String SCHEMES =
      "'^(s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?"
          + "|pvc://[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(/.*)?"
          + "|file:///.*)$'";
  private static final String DOT_DOT = "'(^|/)[.][.](/|$)'";

  /** The rule for a string field. */
  public static final String RULE =
      "self.matches(" + SCHEMES + ") && !self.matches(" + DOT_DOT + ")";

  /** The rule for a list of URIs. */
  public static final String LIST_RULE =
      "self.all(u, u.matches(" + SCHEMES + ") && !u.matches(" + DOT_DOT + "))";

  public static final String MESSAGE =
      "must be an artifact URI: s3://bucket/prefix, pvc://claim/path or file:///absolute/path,"
          + " with no '..' segment";

  private ArtifactUri() {}
}
