package dev.videogen.operator.workload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the objects the operator creates. Kubernetes limits names (and label values) to 63
 * characters; a name that would be longer keeps its start and ends in a hash of the whole, so it
 * stays readable, unique and stable across reconciles.
 */
public final class ObjectNames {
  public static final int MAX = 63;
  private static final int HASH = 8;

  private ObjectNames() {}

  /** {@code parts} joined by '-', shortened with a hash when longer than 63 characters. */
  public static String join(String... parts) {
    String name = String.join("-", parts);
    if (name.length() <= MAX) {
      return name;
    }
    String head = name.substring(0, MAX - HASH - 1).replaceAll("[-.]+$", "");
    return head + "-" + hash(name);
  }

  private static String hash(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
