package dev.videogen.operator.workload;

import java.util.Collection;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/** The PersistentVolumeClaims named by {@code pvc://claim/path} URIs, which pods must mount. */
public final class PvcClaims {
  private static final String SCHEME = "pvc://";

  private PvcClaims() {}

  public static SortedSet<String> of(Collection<String> uris) {
    SortedSet<String> claims = new TreeSet<>();
    uris.stream().filter(Objects::nonNull).forEach(uri -> claim(uri, claims));
    return claims;
  }

  private static void claim(String uri, SortedSet<String> claims) {
    if (uri.startsWith(SCHEME)) {
      String rest = uri.substring(SCHEME.length());
      int slash = rest.indexOf('/');
      String claim = slash < 0 ? rest : rest.substring(0, slash);
      if (!claim.isEmpty()) {
        claims.add(claim);
      }
    }
  }
}
