package dev.videogen.worker.bench;

import dev.videogen.api.v1alpha1.spec.ExtendDirection;
import dev.videogen.worker.analysis.Adherence;
import dev.videogen.worker.analysis.Analysis;
import dev.videogen.worker.analysis.ObjectTrack;
import dev.videogen.worker.analysis.Psnr;
import dev.videogen.worker.analysis.SeamScore;
import dev.videogen.worker.analysis.VideoAnalyzer;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.tasks.VideoTasks;
import dev.videogen.worker.vae.LatentSpace;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.VideoDecoder;
import dev.videogen.worker.video.VideoEncoder;
import dev.videogen.worker.world.Caption;
import dev.videogen.worker.world.ClipSpec;
import dev.videogen.worker.world.Colour;
import dev.videogen.worker.world.HeldOut;
import dev.videogen.worker.world.SyntheticWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The task figures of {@code worker bench tasks}, each measured with the analyzer on renders of one
 * model from synthetic-world inputs of training combinations (32 × 32, 8 fps): text to video and
 * image adherence, image-to-video first frame, seams of extension, loops and connecting, SDEdit
 * colour edits, and framing at aspect ratios the model never trained on. Render i of a task uses
 * seed i; inputs come from a fixed seed per task, so a figure depends only on the model.
 */
final class TaskBenchmark {
  private static final int SIZE = 32;
  private static final int FRAMES = 8;
  private static final double FPS = 8;

  private final PatchDit model;
  private final LatentSpace latent;
  private final double guidance;
  private final double frameGuidance;
  private final int steps;
  private final int samples;
  private final Path scratch;

  /**
   * Measures {@code model}, a model of {@code latent}'s latents (null: of pixels), rendering with
   * {@code steps} Euler steps.
   */
  TaskBenchmark(
      PatchDit model,
      LatentSpace latent,
      int steps,
      double guidance,
      double frameGuidance,
      int samples,
      Path scratch) {
    this.model = model;
    this.latent = latent;
    this.steps = steps;
    this.guidance = guidance;
    this.frameGuidance = frameGuidance;
    this.samples = samples;
    this.scratch = scratch;
  }

  /** Render i of a task without given frames (text to video, images, edits). */
  private VideoTasks tasks(int i) {
    return new VideoTasks(
        model, latent, new SamplerSettings(steps, guidance, 0, i), VideoTasks.DEFAULT_WINDOW, null);
  }

  /** Render i of a task with given frames, at the frame-task guidance scale. */
  private VideoTasks framed(int i) {
    return new VideoTasks(
        model,
        latent,
        new SamplerSettings(steps, frameGuidance, 0, i),
        VideoTasks.DEFAULT_WINDOW,
        null);
  }

  /** Training-combination ground truth of {@code frames} frames of {@code width} × height. */
  private static ClipSpec truth(SplittableRandom random, int width, int height, int frames) {
    return SyntheticWorld.sampleTraining(random, width, height, frames, FPS);
  }

  /** Text to video: colour, shape and direction accuracy at 32 × 32. */
  Map<String, Object> textToVideo() {
    SplittableRandom random = new SplittableRandom(101);
    int[] right = new int[3];
    for (int i = 0; i < samples; i++) {
      String prompt = Caption.canonical(truth(random, SIZE, SIZE, FRAMES));
      Adherence a = Adherence.of(prompt, tasks(i).textToVideo(prompt, SIZE, SIZE, FRAMES, FPS));
      count(right, a.colour(), a.shape(), a.direction());
    }
    return accuracies(right, "colour", "shape", "direction");
  }

  /** Images (one frame) at 32 × 32 and 48 × 32: colour and shape accuracy. */
  Map<String, Object> image() {
    SplittableRandom random = new SplittableRandom(102);
    int[] right = new int[2];
    for (int i = 0; i < samples; i++) {
      int width = i % 2 == 0 ? SIZE : 48;
      String prompt = Caption.canonical(truth(random, width, SIZE, 1));
      Adherence a = Adherence.of(prompt, tasks(i).image(prompt, width, SIZE));
      count(right, a.colour(), a.shape());
    }
    return accuracies(right, "colour", "shape");
  }

  /**
   * Image to video: the first frame against the image in memory and in the written mp4, the object
   * kept (colour and shape of the image) and moving as prompted, and the seam after the image.
   */
  Map<String, Object> imageToVideo() throws IOException {
    SplittableRandom random = new SplittableRandom(103);
    double exact = 0;
    double mp4Psnr = 0;
    int[] right = new int[3];
    List<SeamScore> seams = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      ClipSpec spec = truth(random, SIZE, SIZE, FRAMES);
      Clip image = SyntheticWorld.render(spec).frames(0, 1);
      String prompt = Caption.canonical(spec);
      Clip video = framed(i).imageToVideo(prompt, image, FRAMES, FPS);
      exact += Psnr.of(video.frames(0, 1), image) == Double.POSITIVE_INFINITY ? 1 : 0;
      Path mp4 = scratch.resolve("i2v.mp4");
      VideoEncoder.write(video, mp4);
      mp4Psnr += Psnr.of(VideoDecoder.read(mp4, 0, 1), image) / samples;
      Analysis a = VideoAnalyzer.analyze(video);
      count(
          right,
          a.colour().equals(Optional.of(spec.colour())),
          a.shape().equals(Optional.of(spec.shape())),
          a.direction().equals(Optional.of(spec.direction())));
      seams.add(SeamScore.of(video, List.of(SeamScore.between(0))));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("first_frame_exact", exact / samples);
    out.put("first_frame_psnr_mp4_db", mp4Psnr);
    out.putAll(accuracies(right, "colour_kept", "shape_kept", "direction"));
    putSeams(out, seams);
    return out;
  }

  /**
   * Extension by 2 s (16 frames in windows of 12 with 3 context frames, 5 on a latent model) of an
   * 8-frame clip: seams where the input meets new frames and where the windows meet; the object's
   * colour and direction kept in the new frames.
   */
  Map<String, Object> extend(ExtendDirection direction) {
    SplittableRandom random =
        new SplittableRandom(direction == ExtendDirection.Forward ? 104 : 105);
    int added = 16;
    List<SeamScore> seams = new ArrayList<>();
    int[] right = new int[2];
    for (int i = 0; i < samples; i++) {
      ClipSpec spec = truth(random, SIZE, SIZE, FRAMES);
      Clip input = SyntheticWorld.render(spec);
      VideoTasks tasks = framed(i);
      Clip out = tasks.extend(Caption.canonical(spec), input, direction, added, 3);
      // Forward: the input, then windows of `fresh` new frames; backward: windows, the last of
      // them ending where the input starts (pixels: windows of 9, so seams after frames 7 and 16,
      // or 6 and 15).
      int perWindow = tasks.newFramesPerWindow(3, direction);
      List<int[]> at =
          direction == ExtendDirection.Forward
              ? List.of(SeamScore.between(FRAMES - 1), SeamScore.between(FRAMES - 1 + perWindow))
              : List.of(SeamScore.between(added - perWindow - 1), SeamScore.between(added - 1));
      seams.add(SeamScore.of(out, at));
      Clip fresh =
          direction == ExtendDirection.Forward
              ? out.frames(FRAMES, out.frames())
              : out.frames(0, added);
      Analysis a = VideoAnalyzer.analyze(fresh);
      count(
          right,
          a.colour().equals(Optional.of(spec.colour())),
          a.direction().equals(Optional.of(spec.direction())));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    putSeams(out, seams);
    out.putAll(accuracies(right, "colour_kept", "direction_kept"));
    return out;
  }

  /** Loops: 8 new frames (context 1) from an 8-frame clip's end back to its start. */
  Map<String, Object> loop() {
    SplittableRandom random = new SplittableRandom(106);
    List<SeamScore> seams = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      ClipSpec spec = truth(random, SIZE, SIZE, FRAMES);
      Clip out =
          framed(i)
              .loop(
                  Caption.canonical(spec),
                  SyntheticWorld.render(spec),
                  ExtendDirection.Forward,
                  8,
                  1);
      seams.add(SeamScore.of(out, List.of(SeamScore.between(7), new int[] {out.frames() - 1, 0})));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    putSeams(out, seams);
    return out;
  }

  /**
   * Connecting: A = frames 0–7 and B = frames 16–23 of one 24-frame clip, 8 new frames between them
   * (context 2 per side); seams at both ends, and the rendered object's distance from where the
   * true clip had it.
   */
  Map<String, Object> connect() {
    SplittableRandom random = new SplittableRandom(107);
    List<SeamScore> seams = new ArrayList<>();
    double error = 0;
    int[] right = new int[1];
    for (int i = 0; i < samples; i++) {
      ClipSpec spec = truth(random, SIZE, SIZE, 3 * FRAMES);
      Clip whole = SyntheticWorld.render(spec);
      Clip a = whole.frames(0, FRAMES);
      Clip b = whole.frames(2 * FRAMES, 3 * FRAMES);
      Clip out = framed(i).connect(Caption.canonical(spec), a, b, FRAMES, 1);
      seams.add(
          SeamScore.of(
              out, List.of(SeamScore.between(FRAMES - 1), SeamScore.between(2 * FRAMES - 1))));
      ObjectTrack rendered = ObjectTrack.of(out);
      ObjectTrack real = ObjectTrack.of(whole);
      double sum = 0;
      for (int t = FRAMES; t < 2 * FRAMES; t++) {
        sum +=
            rendered.found()[t]
                ? Math.hypot(rendered.x()[t] - real.x()[t], rendered.y()[t] - real.y()[t])
                : Math.hypot(SIZE, SIZE);
      }
      error += sum / FRAMES / samples;
      Analysis bridge = VideoAnalyzer.analyze(out.frames(FRAMES, 2 * FRAMES));
      count(right, bridge.colour().equals(Optional.of(spec.colour())));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    putSeams(out, seams);
    out.put("bridge_position_error_px", error);
    out.putAll(accuracies(right, "colour_kept"));
    return out;
  }

  /**
   * SDEdit colour edits: an 8-frame clip, the prompt's colour word changed; success is the new
   * colour with the motion direction kept, at each strength.
   */
  Map<String, Object> edit(double[] strengths) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (double strength : strengths) {
      SplittableRandom random = new SplittableRandom(108); // the same inputs at every strength
      int[] right = new int[3];
      for (int i = 0; i < samples; i++) {
        ClipSpec spec = truth(random, SIZE, SIZE, FRAMES);
        Colour target;
        do {
          target = Colour.values()[random.nextInt(Colour.values().length)];
        } while (target == spec.colour()
            || HeldOut.isHeldOut(target, spec.shape(), spec.direction()));
        String prompt =
            "a " + target.word() + " " + spec.shape().word() + " moves " + spec.direction().word();
        Analysis a =
            VideoAnalyzer.analyze(tasks(i).edit(prompt, SyntheticWorld.render(spec), strength));
        boolean colour = a.colour().equals(Optional.of(target));
        boolean motion = a.direction().equals(Optional.of(spec.direction()));
        count(right, colour && motion, colour, motion);
      }
      Map<String, Object> at = accuracies(right, "success", "colour_changed", "motion_kept");
      out.put(String.format("strength_%.2f", strength), at);
    }
    return out;
  }

  /**
   * Text to video at 16:9 (64 × 36) and 9:16 (36 × 64), aspect ratios not in training, and at 32 ×
   * 32 for comparison: the share of videos whose object stays fully in frame in every frame, and
   * colour accuracy. A latent model's sides are multiples of 8: 64 × 40 and 40 × 64 (16:10).
   */
  Map<String, Object> framing() {
    Map<String, Object> out = new LinkedHashMap<>();
    int shortSide = latent == null ? 36 : 40;
    for (int[] size : new int[][] {{32, 32}, {64, shortSide}, {shortSide, 64}}) {
      SplittableRandom random = new SplittableRandom(109);
      int[] right = new int[2];
      for (int i = 0; i < samples; i++) {
        String prompt = Caption.canonical(truth(random, size[0], size[1], FRAMES));
        Clip clip = tasks(i).textToVideo(prompt, size[0], size[1], FRAMES, FPS);
        count(right, ObjectTrack.of(clip).alwaysInFrame(), Adherence.of(prompt, clip).colour());
      }
      out.put(size[0] + "x" + size[1], accuracies(right, "in_frame", "colour"));
    }
    return out;
  }

  private static void putSeams(Map<String, Object> out, List<SeamScore> seams) {
    double[] ratios = SeamScore.ratios(seams);
    out.put("seam_position_ratio", ratios[0]);
    out.put("seam_colour_ratio", ratios[1]);
    out.put(
        "seam_position_px",
        seams.stream().mapToDouble(SeamScore::seamPosition).average().orElse(0));
    out.put(
        "typical_position_px",
        seams.stream().mapToDouble(SeamScore::typicalPosition).average().orElse(0));
    out.put(
        "largest_position_px",
        seams.stream().mapToDouble(SeamScore::largestPosition).average().orElse(0));
    out.put("seam_colour", seams.stream().mapToDouble(SeamScore::seamColour).average().orElse(0));
    out.put(
        "typical_colour", seams.stream().mapToDouble(SeamScore::typicalColour).average().orElse(0));
  }

  /** Counts each true (a null Boolean, an unscored attribute, counts as wrong). */
  private static void count(int[] right, Boolean... outcomes) {
    for (int i = 0; i < outcomes.length; i++) {
      right[i] += Boolean.TRUE.equals(outcomes[i]) ? 1 : 0;
    }
  }

  private Map<String, Object> accuracies(int[] right, String... names) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      out.put(names[i], right[i] / (double) samples);
    }
    return out;
  }

  static Path scratch() throws IOException {
    return Files.createTempDirectory("bench-tasks");
  }
}
