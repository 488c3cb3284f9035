package dev.videogen.worker;

import dev.videogen.api.v1alpha1.spec.ExtendDirection;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import dev.videogen.worker.tasks.VideoTasks;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.VideoDecoder;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of {@code worker sample} that pick a task (the VideoJob's {@code spec.task} values)
 * and its inputs. {@link #prepare} reads the inputs and checks the combination before the model
 * loads; {@link Request#run} renders.
 */
final class TaskOptions {
  @Option(
      names = "--task",
      defaultValue = "TextToVideo",
      description =
          "TextToVideo, Image, ImageToVideo (--image), Extend (--video, --direction, --loop),"
              + " Connect (--videos) or Edit (--video, --strength); default ${DEFAULT-VALUE}.")
  VideoTask task;

  @Option(names = "--image", description = "ImageToVideo: the first frame (png, jpg, ...).")
  Path image;

  @Option(names = "--video", description = "Extend, Edit: the input video.")
  Path video;

  @Option(
      names = "--videos",
      split = ",",
      description = "Connect: the two videos to connect, A,B (the result goes from A into B).")
  List<Path> videos;

  @Option(
      names = "--direction",
      defaultValue = "Forward",
      description = "Extend: Forward adds frames after the video, Backward before it.")
  ExtendDirection direction;

  @Option(
      names = "--loop",
      description =
          "Extend: the new frames lead from the video's end back to its start: a seamless loop.")
  boolean loop;

  @Option(
      names = "--strength",
      description =
          "Edit: how far the video is noised before denoising to the prompt, (0, 1]; default 0.7.")
  Double strength;

  @Option(
      names = "--context",
      description =
          "Extend, Connect: input frames the new ones are conditioned on (default: 3 to extend,"
              + " 1 per side to connect or loop); a multiple of the temporal patch size gives one"
              + " less, so that the seam falls inside a patch.")
  Integer context;

  static final int EXTEND_CONTEXT = 3;
  static final int CONNECT_CONTEXT = 1;
  static final int LOOP_CONTEXT = 1;
  static final double EDIT_STRENGTH = 0.7;

  /** A task with its inputs read, and the output it makes. */
  record Request(
      VideoTask task,
      String prompt,
      int width,
      int height,
      double fps,
      int newFrames,
      Clip image,
      Clip video,
      Clip other,
      ExtendDirection direction,
      boolean loop,
      double strength,
      int context) {

    /** Frames of the finished video. */
    int outputFrames() {
      return switch (task) {
        case TextToVideo, ImageToVideo -> newFrames;
        case Image -> 1;
        case Extend -> video.frames() + newFrames;
        case Connect -> video.frames() + newFrames + other.frames();
        case Edit -> video.frames();
      };
    }

    Clip run(VideoTasks tasks) {
      return switch (task) {
        case TextToVideo -> tasks.textToVideo(prompt, width, height, newFrames, fps);
        case Image -> tasks.image(prompt, width, height);
        case ImageToVideo -> tasks.imageToVideo(prompt, image, newFrames, fps);
        case Extend ->
            loop
                ? tasks.loop(prompt, video, direction, newFrames, context)
                : tasks.extend(prompt, video, direction, newFrames, context);
        case Connect -> tasks.connect(prompt, video, other, newFrames, context);
        case Edit -> tasks.edit(prompt, video, strength);
      };
    }

    /** The task's settings for the sidecar. */
    Map<String, Object> describe(TaskOptions options) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("name", task.name());
      switch (task) {
        case ImageToVideo -> out.put("image", options.image.toAbsolutePath().toString());
        case Extend -> {
          out.put("video", options.video.toAbsolutePath().toString());
          out.put("direction", direction.name());
          out.put("loop", loop);
          out.put("newFrames", newFrames);
          out.put("contextFrames", context);
        }
        case Connect -> {
          out.put(
              "videos", options.videos.stream().map(p -> p.toAbsolutePath().toString()).toList());
          out.put("newFrames", newFrames);
          out.put("contextFrames", context);
        }
        case Edit -> {
          out.put("video", options.video.toAbsolutePath().toString());
          out.put("strength", strength);
        }
        default -> {}
      }
      return out;
    }
  }

  /**
   * Reads the task's inputs and checks the options; sizes and rates default to the inputs'. Throws
   * {@link IllegalArgumentException} naming the option to change.
   */
  Request prepare(String prompt, Integer width, Integer height, double seconds, Double fps) {
    requireOnly();
    Clip imageClip = null;
    Clip first = null;
    Clip second = null;
    switch (task) {
      case ImageToVideo -> imageClip = read("--image", require(image, "--image"), true);
      case Extend, Edit -> first = read("--video", require(video, "--video"), false);
      case Connect -> {
        if (videos == null || videos.size() != 2) {
          throw new IllegalArgumentException(
              "--task Connect needs --videos A,B: exactly two videos, got "
                  + (videos == null ? 0 : videos.size()));
        }
        first = read("--videos", videos.get(0), false);
        second = read("--videos", videos.get(1), false);
        if (first.width() != second.width() || first.height() != second.height()) {
          throw new IllegalArgumentException(
              String.format(
                  "--videos: %s is %dx%d, %s is %dx%d; videos to connect must have one size",
                  videos.get(0),
                  first.width(),
                  first.height(),
                  videos.get(1),
                  second.width(),
                  second.height()));
        }
      }
      default -> {}
    }
    Clip input = imageClip != null ? imageClip : first;
    int w = size("--width", width, input == null ? null : input.width());
    int h = size("--height", height, input == null ? null : input.height());
    double rate = fps != null ? fps : first != null ? first.fps() : 8;
    if (!(rate > 0)) {
      throw new IllegalArgumentException("--fps must be positive, got " + rate);
    }
    int newFrames = Math.max(1, (int) Math.round(seconds * rate));
    if (task == VideoTask.ImageToVideo && newFrames < 2) {
      throw new IllegalArgumentException(
          "--seconds " + seconds + " at " + rate + " fps is one frame: image to video needs two");
    }
    int k =
        context != null
            ? context
            : loop ? LOOP_CONTEXT : task == VideoTask.Connect ? CONNECT_CONTEXT : EXTEND_CONTEXT;
    if (k < 1 || k >= VideoTasks.DEFAULT_WINDOW) {
      throw new IllegalArgumentException(
          "--context must be in [1, " + (VideoTasks.DEFAULT_WINDOW - 1) + "], got " + k);
    }
    double s = strength != null ? strength : EDIT_STRENGTH;
    if (!(s > 0 && s <= 1)) {
      throw new IllegalArgumentException(
          "--strength must be in (0, 1] (0 keeps the video, 1 ignores it), got " + s);
    }
    return new Request(
        task, prompt, w, h, rate, newFrames, imageClip, first, second, direction, loop, s, k);
  }

  /** The file's frames (the first only, for an image), or an error naming the option. */
  private static Clip read(String option, Path file, boolean firstFrame) {
    try {
      return firstFrame ? VideoDecoder.read(file, 0, 1) : VideoDecoder.read(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(option + " " + file + ": no such file", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " " + file + ": " + e.getMessage(), e);
    }
  }

  /** Options that belong to another task are mistakes: say so rather than ignore them. */
  private void requireOnly() {
    check(image == null || task == VideoTask.ImageToVideo, "--image", "ImageToVideo");
    check(
        video == null || task == VideoTask.Extend || task == VideoTask.Edit,
        "--video",
        "Extend and Edit");
    check(videos == null || task == VideoTask.Connect, "--videos", "Connect");
    check(!loop || task == VideoTask.Extend, "--loop", "Extend");
    check(strength == null || task == VideoTask.Edit, "--strength", "Edit");
    check(
        context == null || task == VideoTask.Extend || task == VideoTask.Connect,
        "--context",
        "Extend and Connect");
  }

  private void check(boolean ok, String option, String tasks) {
    if (!ok) {
      throw new IllegalArgumentException(option + " is for --task " + tasks + ", not " + task);
    }
  }

  private Path require(Path path, String option) {
    if (path == null) {
      throw new IllegalArgumentException("--task " + task + " needs " + option);
    }
    return path;
  }

  /** The given size, else the input's, else 32; a given size must match the input's. */
  private static int size(String option, Integer given, Integer input) {
    if (given != null && input != null && !given.equals(input)) {
      throw new IllegalArgumentException(
          option + " " + given + ": the input is " + input + "; leave " + option + " out");
    }
    return given != null ? given : input != null ? input : 32;
  }
}
