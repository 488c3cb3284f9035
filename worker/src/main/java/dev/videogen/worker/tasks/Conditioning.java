package dev.videogen.worker.tasks;

import dev.videogen.worker.video.Clip;
import java.util.ArrayList;
import java.util.List;

/**
 * What a render is conditioned on besides its prompt: clean frames given at positions of the
 * output, which the result keeps exactly (image to video, extension, loops, connecting clips,
 * keyframes), and optionally an SDEdit guide, a video the render starts from noised to a strength.
 *
 * @param given frames given clean, at output positions that do not overlap
 * @param guide the SDEdit guide, or null to start from noise
 */
public record Conditioning(List<Given> given, Guide guide) {
  /** Nothing given: text to video. */
  public static final Conditioning NONE = new Conditioning(List.of(), null);

  /**
   * Frames given clean: {@code frames}' frame i is output frame {@code at + i}.
   *
   * @param at the output position of the first frame
   * @param frames the frames (their size must be the output's; their fps is not used)
   */
  public record Given(int at, Clip frames) {
    public Given {
      if (at < 0) {
        throw new IllegalArgumentException("given frames start at a position >= 0, got " + at);
      }
    }

    /** One past the last output position. */
    public int end() {
      return at + frames.frames();
    }
  }

  /**
   * SDEdit: start from {@code video} noised to time {@code strength} (0 keeps it, 1 is pure noise)
   * and denoise towards the prompt.
   */
  public record Guide(Clip video, double strength) {
    public Guide {
      if (!(strength > 0 && strength <= 1)) {
        throw new IllegalArgumentException(
            "edit strength must be in (0, 1] (0 keeps the video, 1 ignores it), got " + strength);
      }
    }
  }

  public Conditioning {
    given = List.copyOf(given);
  }

  /** {@code frames} given at output positions from {@code at}. */
  public static Conditioning given(int at, Clip frames) {
    return NONE.and(at, frames);
  }

  /** This conditioning with {@code frames} also given from {@code at}. */
  public Conditioning and(int at, Clip frames) {
    List<Given> more = new ArrayList<>(given);
    more.add(new Given(at, frames));
    return new Conditioning(more, guide);
  }

  /** This conditioning starting from {@code video} noised to {@code strength} (SDEdit). */
  public Conditioning withGuide(Clip video, double strength) {
    return new Conditioning(given, new Guide(video, strength));
  }

  /**
   * Which of {@code frames} output frames are given, after checking that every given frame lies in
   * the output, none is given twice, at least one is left to render, and sizes match.
   */
  public boolean[] mask(int frames, int height, int width) {
    boolean[] mask = new boolean[frames];
    for (Given g : given) {
      if (g.frames().height() != height || g.frames().width() != width) {
        throw new IllegalArgumentException(
            String.format(
                "given frames of %dx%d for a %dx%d output: inputs must have the output's size",
                g.frames().width(), g.frames().height(), width, height));
      }
      if (g.end() > frames) {
        throw new IllegalArgumentException(
            "given frames [" + g.at() + ", " + g.end() + ") outside a " + frames + "-frame output");
      }
      for (int t = g.at(); t < g.end(); t++) {
        if (mask[t]) {
          throw new IllegalArgumentException("output frame " + t + " is given twice");
        }
        mask[t] = true;
      }
    }
    if (!given.isEmpty() && given.stream().mapToInt(g -> g.frames().frames()).sum() == frames) {
      throw new IllegalArgumentException(
          "every one of the " + frames + " output frames is given: nothing is left to render");
    }
    if (guide != null
        && (guide.video().frames() != frames
            || guide.video().height() != height
            || guide.video().width() != width)) {
      throw new IllegalArgumentException(
          String.format(
              "an edit guide of %d frames of %dx%d for an output of %d frames of %dx%d",
              guide.video().frames(),
              guide.video().width(),
              guide.video().height(),
              frames,
              width,
              height));
    }
    return mask;
  }
}
