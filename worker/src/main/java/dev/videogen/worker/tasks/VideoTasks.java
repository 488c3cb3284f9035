package dev.videogen.worker.tasks;

import dev.videogen.api.v1alpha1.spec.ExtendDirection;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.vae.LatentSpace;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.video.Clip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The VideoJob tasks on one model: text to video, images, image to video, extension forward or
 * backward, seamless loops, connecting two videos and SDEdit editing, each a {@link
 * ConditionalSampler} render (or a few) with the matching {@link Conditioning}. Also the building
 * blocks of the long-video planner: {@link #continueFrom}, {@link #leadInto} and {@link #fill}.
 *
 * <p>Long extensions are rendered in windows of at most {@link #window()} frames (the clip lengths
 * the model was trained on), each conditioned on the last {@code context} frames so far; window i
 * uses seed + i. Fills and edits are one render.
 *
 * <p>Seams are placed inside temporal patches. A token spans pt frames (pt = 2 in the presets that
 * patch time), and where the last given frame and the first rendered one share a token the model
 * joins them in one patch; across a token boundary only attention links them, which a briefly
 * trained model does poorly (on one checkpoint: 6–10 px jumps at boundary seams, under 1 px inside
 * a token; docs/model.md). So a context that is a multiple of pt gives one frame less, a backward
 * window renders one extra first frame that is dropped, and a fill whose new frames are a multiple
 * of pt gets both seams inside tokens (otherwise only the first).
 *
 * <p>On a latent model the given frames fill whole latent frames instead, since only latent frames
 * that end on a given frame are kept ({@link LatentConditionalSampler}; the others' given frames
 * would only be copied into the result): 1 + 4m frames before the new ones, at least the context
 * asked for; a multiple of 4 after them, which a backward window starts on a latent frame by
 * rendering up to three extra first frames that are dropped.
 */
public final class VideoTasks {
  /** Frames per render when extending: the longest clips of the CPU training mix. */
  public static final int DEFAULT_WINDOW = 12;

  /** Hears progress over all renders of one task: sampler steps done of the total. */
  @FunctionalInterface
  public interface StepListener {
    void onStep(int done, int total);
  }

  private final PatchDit model;
  private final LatentSpace latent;
  private final SamplerSettings settings;
  private final int window;
  private final StepListener listener;

  /**
   * Tasks on {@code model} sampled with {@code settings}, extending in windows of {@code window}
   * frames; {@code listener} may be null.
   */
  public VideoTasks(PatchDit model, SamplerSettings settings, int window, StepListener listener) {
    this(model, null, settings, window, listener);
  }

  /**
   * Tasks on a model of {@code latent}'s latents (null: on pixels), rendered by {@link
   * LatentConditionalSampler} (renders that give frames after a rendered one sample twice).
   */
  public VideoTasks(
      PatchDit model,
      LatentSpace latent,
      SamplerSettings settings,
      int window,
      StepListener listener) {
    if (window < 2) {
      throw new IllegalArgumentException("a render window needs at least 2 frames, got " + window);
    }
    this.model = model;
    this.latent = latent;
    this.settings = settings;
    this.window = window;
    this.listener = listener;
  }

  public VideoTasks(PatchDit model, SamplerSettings settings) {
    this(model, settings, DEFAULT_WINDOW, null);
  }

  public int window() {
    return window;
  }

  /** A video from the prompt alone. */
  public Clip textToVideo(String prompt, int width, int height, int frames, double fps) {
    return renders(1).render(0, prompt, width, height, frames, fps, Conditioning.NONE);
  }

  /** One image (a one-frame video) of any size. */
  public Clip image(String prompt, int width, int height) {
    return textToVideo(prompt, width, height, 1, 1);
  }

  /** A video of {@code frames} frames whose first frame is {@code image} (its first frame). */
  public Clip imageToVideo(String prompt, Clip image, int frames, double fps) {
    if (frames < 2) {
      throw new IllegalArgumentException("image to video needs at least 2 frames, got " + frames);
    }
    Clip first = image.frames(0, 1);
    return renders(1)
        .render(
            0, prompt, image.width(), image.height(), frames, fps, Conditioning.given(0, first));
  }

  /**
   * {@code video} with {@code newFrames} frames added after it (Forward) or before it (Backward),
   * conditioned on its last (first) {@code context} frames.
   */
  public Clip extend(
      String prompt, Clip video, ExtendDirection direction, int newFrames, int context) {
    return direction == ExtendDirection.Forward
        ? join(video, continueFrom(prompt, video, newFrames, context))
        : join(leadInto(prompt, video, newFrames, context), video);
  }

  /**
   * The {@code newFrames} frames that follow {@code video}, conditioned on its last {@code context}
   * frames (then on the last {@code context} frames rendered, window by window).
   */
  public Clip continueFrom(String prompt, Clip video, int newFrames, int context) {
    requireContext(newFrames, context);
    Renders renders = renders(windows(newFrames, context));
    Clip sofar = video;
    List<Clip> added = new ArrayList<>();
    for (int done = 0, i = 0; done < newFrames; i++) {
      int k = head(context, sofar.frames());
      int fresh = Math.min(newFrames - done, Math.max(1, window - k));
      Clip given = sofar.frames(sofar.frames() - k, sofar.frames());
      Clip out =
          renders.render(
              i,
              prompt,
              video.width(),
              video.height(),
              k + fresh,
              video.fps(),
              Conditioning.given(0, given));
      Clip rendered = out.frames(k, k + fresh);
      added.add(rendered);
      sofar = join(sofar, rendered);
      done += fresh;
    }
    return join(added.toArray(Clip[]::new));
  }

  /**
   * The {@code newFrames} frames that lead into {@code video}, conditioned on its first {@code
   * context} frames (then on the first {@code context} frames rendered, window by window).
   */
  public Clip leadInto(String prompt, Clip video, int newFrames, int context) {
    requireContext(newFrames, context);
    Renders renders = renders(windows(newFrames, context, ExtendDirection.Backward));
    Clip sofar = video;
    List<Clip> added = new ArrayList<>();
    for (int done = 0, i = 0; done < newFrames; i++) {
      int k = given(context, sofar.frames(), ExtendDirection.Backward);
      int fresh = Math.min(newFrames - done, Math.max(1, window - k));
      int lead = lead(fresh);
      Clip given = sofar.frames(0, k);
      Clip out =
          renders.render(
              i,
              prompt,
              video.width(),
              video.height(),
              lead + fresh + k,
              video.fps(),
              Conditioning.given(lead + fresh, given));
      Clip rendered = out.frames(lead, lead + fresh);
      added.add(0, rendered);
      sofar = join(rendered, sofar);
      done += fresh;
    }
    return join(added.toArray(Clip[]::new));
  }

  /**
   * The {@code newFrames} frames between {@code before} and {@code after}, conditioned on the last
   * {@code context} frames of one and the first {@code context} frames of the other, in one render.
   */
  public Clip fill(String prompt, Clip before, Clip after, int newFrames, int context) {
    requireContext(newFrames, context);
    if (before.width() != after.width() || before.height() != after.height()) {
      throw new IllegalArgumentException(
          String.format(
              "the clips to connect differ in size: %dx%d and %dx%d",
              before.width(), before.height(), after.width(), after.height()));
    }
    int head = head(context, before.frames());
    int tail = tail(context, after.frames());
    Conditioning conditioning =
        Conditioning.given(0, before.frames(before.frames() - head, before.frames()))
            .and(head + newFrames, after.frames(0, tail));
    Clip out =
        renders(1)
            .render(
                0,
                prompt,
                before.width(),
                before.height(),
                head + newFrames + tail,
                before.fps(),
                conditioning);
    return out.frames(head, head + newFrames);
  }

  /** {@code a}, then {@code newFrames} frames that carry it into {@code b}, then {@code b}. */
  public Clip connect(String prompt, Clip a, Clip b, int newFrames, int context) {
    return join(a, fill(prompt, a, b, newFrames, context), b);
  }

  /**
   * {@code video} made a seamless loop: {@code newFrames} frames from its end back to its start,
   * after it (Forward) or before it (Backward), so that played on repeat the last frame flows into
   * the first.
   */
  public Clip loop(
      String prompt, Clip video, ExtendDirection direction, int newFrames, int context) {
    Clip bridge = fill(prompt, video, video, newFrames, context);
    return direction == ExtendDirection.Forward ? join(video, bridge) : join(bridge, video);
  }

  /**
   * SDEdit: {@code video} noised to {@code strength} (0 keeps it, 1 ignores it) and denoised
   * towards the prompt, in one render.
   */
  public Clip edit(String prompt, Clip video, double strength) {
    return renders(1)
        .render(
            0,
            prompt,
            video.width(),
            video.height(),
            video.frames(),
            video.fps(),
            Conditioning.NONE.withGuide(video, strength));
  }

  /** Windows {@link #continueFrom} renders for {@code newFrames} with {@code context} frames. */
  public int windows(int newFrames, int context) {
    return windows(newFrames, context, ExtendDirection.Forward);
  }

  private int windows(int newFrames, int context, ExtendDirection direction) {
    int fresh = newFramesPerWindow(context, direction);
    return (newFrames + fresh - 1) / fresh;
  }

  /**
   * New frames each window of {@link #continueFrom} (Forward) or {@link #leadInto} (Backward) adds
   * with {@code context} frames (the last window may add fewer), on a video that holds the context.
   */
  public int newFramesPerWindow(int context, ExtendDirection direction) {
    return Math.max(1, window - given(context, Integer.MAX_VALUE, direction));
  }

  /** The frames given to a window: before its new ones (Forward) or after them (Backward). */
  private int given(int context, int available, ExtendDirection direction) {
    return direction == ExtendDirection.Backward && latent != null
        ? tail(context, available)
        : head(context, available);
  }

  /**
   * Given frames before the new ones, of {@code available}, for a {@code context} asked for. On
   * pixels, one fewer if the seam after them would fall on a token boundary. On latents, 1 + 4m (m
   * whole latent frames after the first frame's own, all kept as given: {@link
   * LatentConditionalSampler}), the least such not below {@code context} that the video holds.
   */
  int head(int context, int available) {
    int k = Math.min(context, available);
    if (latent == null) {
      return patchT() > 1 && k % patchT() == 0 ? k - 1 : k;
    }
    int up = 1 + VaeConfig.TIME * ((context + VaeConfig.TIME - 2) / VaeConfig.TIME);
    return up <= available ? up : 1 + VaeConfig.TIME * ((available - 1) / VaeConfig.TIME);
  }

  /**
   * Given frames after the new ones, of {@code available}. On latents, a multiple of 4 (at least
   * the context asked for, when the video holds it): the latent frames that end on them are kept,
   * and four given frames always hold the end of one.
   */
  int tail(int context, int available) {
    int k = Math.min(context, available);
    if (latent == null || available < VaeConfig.TIME) {
      return k;
    }
    int up = VaeConfig.TIME * ((context + VaeConfig.TIME - 1) / VaeConfig.TIME);
    return up <= available ? up : VaeConfig.TIME * (available / VaeConfig.TIME);
  }

  /**
   * Frames rendered before {@code fresh} new ones and dropped, where frames are given after them.
   * On pixels, one when the seam would otherwise fall on a token boundary. On latents, so that the
   * given frames start a latent frame (frame 1 + 4j), which then holds given frames only.
   */
  int lead(int fresh) {
    if (latent == null) {
      return fresh % patchT() == 0 && patchT() > 1 ? 1 : 0;
    }
    return Math.floorMod(1 - fresh, VaeConfig.TIME);
  }

  private int patchT() {
    return model.config().patchT();
  }

  private void requireContext(int newFrames, int context) {
    if (newFrames < 1) {
      throw new IllegalArgumentException("at least one new frame is needed, got " + newFrames);
    }
    if (context < 1 || context >= window) {
      throw new IllegalArgumentException(
          "context frames must be in [1, "
              + (window - 1)
              + "] for a window of "
              + window
              + ", got "
              + context);
    }
  }

  private Renders renders(int count) {
    return new Renders(count);
  }

  /** Renders of one task, numbered for their seeds and their share of the progress. */
  private final class Renders {
    private final int count;

    Renders(int count) {
      this.count = count;
    }

    Clip render(
        int index,
        String prompt,
        int width,
        int height,
        int frames,
        double fps,
        Conditioning conditioning) {
      SamplerSettings s =
          new SamplerSettings(
              settings.steps(),
              settings.guidanceScale(),
              settings.shift(),
              settings.seed() + index);
      int offset = index * settings.steps();
      int total = count * settings.steps();
      IntConsumer onStep = listener == null ? null : step -> listener.onStep(offset + step, total);
      return ConditionalSampler.render(
          model, latent, prompt, width, height, frames, fps, conditioning, s, onStep);
    }
  }

  /** The clips one after another (all of one size; the first one's fps). */
  static Clip join(Clip... clips) {
    Clip first = clips[0];
    int frames = Arrays.stream(clips).mapToInt(Clip::frames).sum();
    Clip out = Clip.blank(frames, first.height(), first.width(), first.fps());
    int offset = 0;
    for (Clip c : clips) {
      if (c.width() != first.width() || c.height() != first.height()) {
        throw new IllegalArgumentException(
            "cannot join clips of different sizes: " + c + ", " + first);
      }
      System.arraycopy(c.rgb(), 0, out.rgb(), offset, c.rgb().length);
      offset += c.rgb().length;
    }
    return out;
  }
}
