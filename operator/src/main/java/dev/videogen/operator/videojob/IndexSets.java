package dev.videogen.operator.videojob;

import java.util.Set;
import java.util.TreeSet;

/** Index sets as Indexed Jobs write them: {@code "1,3-5,7"}. */
final class IndexSets {
  private IndexSets() {}

  static Set<Integer> parse(String text) {
    Set<Integer> out = new TreeSet<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String part : text.split(",")) {
      String p = part.trim();
      int dash = p.indexOf('-');
      if (dash < 0) {
        out.add(Integer.parseInt(p));
      } else {
        int from = Integer.parseInt(p.substring(0, dash));
        int to = Integer.parseInt(p.substring(dash + 1));
        for (int i = from; i <= to; i++) {
          out.add(i);
        }
      }
    }
    return out;
  }
}
