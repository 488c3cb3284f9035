package dev.videogen.worker.bench;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The table {@code worker bench tasks} prints: one row per figure, with its acceptance target (from
 * the issue) and whether it is met, where there is one.
 */
final class TaskTable {
  /** Seam jumps may be at most this many times the typical within-clip change. */
  static final double SEAM_RATIO = 1.5;

  static final double FIRST_FRAME_PSNR_DB = 25;
  static final double EDIT_SUCCESS = 0.8;
  static final double EDIT_MIN_STRENGTH = 0.6;

  private final Map<String, Object> figures;
  private final double[] strengths;

  TaskTable(Map<String, Object> figures, double[] strengths) {
    this.figures = figures;
    this.strengths = strengths;
  }

  void print(PrintWriter out) {
    out.println();
    out.printf("%-16s %-44s %-22s %-10s %s%n", "task", "figure", "value", "target", "");
    out.println("-".repeat(100));
    if (figures.containsKey("text_to_video")) {
      row(
          out,
          "text-to-video",
          "colour / shape / direction accuracy",
          triple("text_to_video", "colour", "shape", "direction"),
          "",
          null);
    }
    if (figures.containsKey("image")) {
      row(out, "image", "colour / shape accuracy", pair("image", "colour", "shape"), "", null);
    }
    if (figures.containsKey("image_to_video")) {
      imageToVideo(out);
    }
    for (String[] seam :
        new String[][] {
          {"extend forward", "extend_forward"},
          {"extend backward", "extend_backward"},
          {"loop", "loop"},
          {"connect", "connect"}
        }) {
      if (figures.containsKey(seam[1])) {
        seams(out, seam[0], seam[1], true);
      }
    }
    if (figures.containsKey("connect")) {
      row(
          out,
          "connect",
          "bridge object vs true middle (px)",
          fmt(value("connect", "bridge_position_error_px")),
          "",
          null);
    }
    if (figures.containsKey("edit")) {
      edit(out);
    }
    if (figures.containsKey("framing")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> sizes = (Map<String, Object>) figures.get("framing");
      for (String size : sizes.keySet()) {
        if (size.equals("seconds")) {
          continue;
        }
        row(
            out,
            "framing",
            "object fully in frame / colour @ " + size,
            String.format(
                "%s / %s",
                fmt(nested("framing", size, "in_frame")), fmt(nested("framing", size, "colour"))),
            "",
            null);
      }
    }
    out.println();
  }

  private void imageToVideo(PrintWriter out) {
    double psnr = value("image_to_video", "first_frame_psnr_mp4_db");
    row(
        out,
        "image-to-video",
        "first frame exact in memory (share)",
        fmt(value("image_to_video", "first_frame_exact")),
        "",
        null);
    row(
        out,
        "image-to-video",
        "first-frame PSNR of the written mp4",
        String.format("%.1f dB", psnr),
        "≥ 25 dB",
        psnr >= FIRST_FRAME_PSNR_DB);
    row(
        out,
        "image-to-video",
        "colour / shape kept, direction as prompted",
        triple("image_to_video", "colour_kept", "shape_kept", "direction"),
        "",
        null);
    seams(out, "image-to-video", "image_to_video", false);
  }

  private void edit(PrintWriter out) {
    double best = 0;
    double bestStrength = 0;
    for (double s : strengths) {
      String key = String.format("strength_%.2f", s);
      double success = nested("edit", key, "success");
      row(
          out,
          "edit",
          "success (colour changed, motion kept) @ " + String.format("%.2f", s),
          String.format(
              "%s (%s / %s)",
              fmt(success),
              fmt(nested("edit", key, "colour_changed")),
              fmt(nested("edit", key, "motion_kept"))),
          s >= EDIT_MIN_STRENGTH ? "≥ 0.80" : "",
          s >= EDIT_MIN_STRENGTH ? success >= EDIT_SUCCESS : null);
      if (s >= EDIT_MIN_STRENGTH && success > best) {
        best = success;
        bestStrength = s;
      }
    }
    out.printf("%-16s best edit success %.2f at strength %.2f%n", "", best, bestStrength);
  }

  private void seams(PrintWriter out, String task, String key, boolean target) {
    double p = value(key, "seam_position_ratio");
    double c = value(key, "seam_colour_ratio");
    row(
        out,
        task,
        "seam jump / typical: position, colour",
        String.format("%.2f, %.2f", p, c),
        target ? "≤ 1.5" : "",
        target ? p <= SEAM_RATIO && c <= SEAM_RATIO : null);
    row(
        out,
        task,
        "jumps elsewhere (px): typical, largest",
        String.format(
            "%.2f, %.2f", value(key, "typical_position_px"), value(key, "largest_position_px")),
        "",
        null);
  }

  private static void row(
      PrintWriter out, String task, String figure, String value, String target, Boolean pass) {
    out.printf(
        "%-16s %-44s %-22s %-10s %s%n",
        task, figure, value, target, pass == null ? "" : pass ? "pass" : "FAIL");
  }

  private String triple(String key, String a, String b, String c) {
    return fmt(value(key, a)) + " / " + fmt(value(key, b)) + " / " + fmt(value(key, c));
  }

  private String pair(String key, String a, String b) {
    return fmt(value(key, a)) + " / " + fmt(value(key, b));
  }

  @SuppressWarnings("unchecked")
  private double value(String key, String name) {
    return ((Number) ((Map<String, Object>) figures.get(key)).get(name)).doubleValue();
  }

  @SuppressWarnings("unchecked")
  private double nested(String key, String group, String name) {
    Map<String, Object> g =
        (Map<String, Object>) ((Map<String, Object>) figures.get(key)).get(group);
    return ((Number) g.get(name)).doubleValue();
  }

  private static String fmt(double v) {
    return String.format("%.2f", v);
  }
}
