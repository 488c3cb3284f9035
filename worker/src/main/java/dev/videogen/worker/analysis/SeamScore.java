package dev.videogen.worker.analysis;

import dev.videogen.worker.video.Clip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How visible the seams of an assembled video are (where given frames meet rendered ones, or one
 * render window meets the next): the object's jump in position and colour across each seam, beside
 * the typical (median) jump between the other consecutive frames of the same video.
 *
 * <p>A seam is a pair of frames (a, b) shown one after the other: (t, t + 1) inside the video, or
 * (last, first) for a loop's wrap-around.
 *
 * @param seamPosition mean position jump over the seams, pixels
 * @param typicalPosition median position jump between the other consecutive frames, pixels
 * @param seamColour mean colour jump over the seams (RGB distance on [0, 1])
 * @param typicalColour median colour jump between the other consecutive frames
 * @param largestPosition the largest position jump between the other consecutive frames, pixels: a
 *     video whose seams are smooth can still jump inside what was rendered
 */
public record SeamScore(
    double seamPosition,
    double typicalPosition,
    double seamColour,
    double typicalColour,
    double largestPosition) {

  /**
   * Below these a frame-to-frame change is not visible, so a typical change is never taken as
   * smaller: half a pixel of motion, and 0.02 of colour (the RMS error of our own mp4 output at 34
   * dB PSNR).
   */
  public static final double POSITION_FLOOR = 0.5;

  public static final double COLOUR_FLOOR = 0.02;

  /** Scores {@code clip}'s seams, each given as its pair of frames {a, b}. */
  public static SeamScore of(Clip clip, List<int[]> seams) {
    ObjectTrack track = ObjectTrack.of(clip);
    double seamPosition = 0;
    double seamColour = 0;
    for (int[] s : seams) {
      seamPosition += track.positionJump(s[0], s[1]) / seams.size();
      seamColour += track.colourJump(s[0], s[1]) / seams.size();
    }
    List<Double> positions = new ArrayList<>();
    List<Double> colours = new ArrayList<>();
    for (int t = 0; t + 1 < clip.frames(); t++) {
      final int a = t;
      if (seams.stream().anyMatch(s -> s[0] == a && s[1] == a + 1)) {
        continue;
      }
      positions.add(track.positionJump(t, t + 1));
      colours.add(track.colourJump(t, t + 1));
    }
    double largest = positions.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return new SeamScore(seamPosition, median(positions), seamColour, median(colours), largest);
  }

  /** The seam (t, t + 1). */
  public static int[] between(int t) {
    return new int[] {t, t + 1};
  }

  /**
   * Seam jumps relative to typical ones over many videos: mean seam jump / mean typical jump (each
   * typical jump at least its floor), for position and colour.
   */
  public static double[] ratios(List<SeamScore> scores) {
    double seamP = 0;
    double typicalP = 0;
    double seamC = 0;
    double typicalC = 0;
    for (SeamScore s : scores) {
      seamP += s.seamPosition;
      typicalP += Math.max(POSITION_FLOOR, s.typicalPosition);
      seamC += s.seamColour;
      typicalC += Math.max(COLOUR_FLOOR, s.typicalColour);
    }
    return new double[] {seamP / typicalP, seamC / typicalC};
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return 0;
    }
    double[] s = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
