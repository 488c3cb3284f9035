package dev.videogen.api.plan;

import dev.videogen.api.v1alpha1.VideoJobSpec;
import dev.videogen.api.v1alpha1.spec.ArtifactUri;
import dev.videogen.api.v1alpha1.spec.ExtendDirection;
import dev.videogen.api.v1alpha1.spec.ExtendSpec;
import dev.videogen.api.v1alpha1.spec.Inputs;
import dev.videogen.api.v1alpha1.spec.OutputFormat;
import dev.videogen.api.v1alpha1.spec.OutputSpec;
import dev.videogen.api.v1alpha1.spec.SamplingSpec;
import dev.videogen.api.v1alpha1.spec.ShardingSpec;
import dev.videogen.api.v1alpha1.spec.ShardingStrategy;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import java.util.List;
import java.util.Optional;

/**
 * A VideoJob spec reduced to what the planner needs, defaults applied (the defaults in the CRD
 * descriptions) and inputs checked. The result's timeline is {@code [0, frames)}; {@code media}
 * says where the job's input files sit on it.
 */
record PlanInputs(
    VideoTask task,
    ShardingStrategy strategy,
    Timeline timeline,
    long seed,
    OutputFormat format,
    String location,
    InputMedia media) {
  static final int DEFAULT_FPS = 8;
  static final double DEFAULT_DURATION_SECONDS = 4;
  static final double DEFAULT_SEGMENT_SECONDS = 4;
  static final int DEFAULT_OVERLAP_FRAMES = 4;
  static final int DEFAULT_MAX_PARALLEL = 4;

  /**
   * Longest artifact key the planner makes ({@code shards/<stage>-<index>}), with room to spare.
   */
  static final int MAX_KEY_LENGTH = 40;

  int frames() {
    return timeline.frames();
  }

  InputFrames head() {
    return media.head();
  }

  InputFrames tail() {
    return media.tail();
  }

  InputFrames image() {
    return media.image();
  }

  String guide() {
    return media.guide();
  }

  String joinBefore() {
    return media.joinBefore();
  }

  String joinAfter() {
    return media.joinAfter();
  }

  boolean backward() {
    return media.backward();
  }

  /** Frames of input conditioning before frame 0. */
  int headFrames() {
    return head() == null ? 0 : head().frames().length();
  }

  /** Frames of input conditioning after the last frame. */
  int tailFrames() {
    return tail() == null ? 0 : tail().frames().length();
  }

  static PlanInputs from(VideoJobSpec spec) {
    VideoTask task = Optional.ofNullable(spec.getTask()).orElse(VideoTask.TextToVideo);
    OutputSpec output = spec.getOutput();
    if (output == null || output.getLocation() == null || output.getLocation().isBlank()) {
      throw new PlanningException("output.location is required: the URI prefix results go under");
    }
    String location = output.getLocation();
    if (location.length() + 1 + MAX_KEY_LENGTH > ArtifactUri.MAX_LENGTH) {
      throw new PlanningException(
          "output.location is "
              + location.length()
              + " characters long; keep it under "
              + (ArtifactUri.MAX_LENGTH - 1 - MAX_KEY_LENGTH)
              + " so that the URIs of the shards under it stay within "
              + ArtifactUri.MAX_LENGTH);
    }
    ShardingSpec sharding = Optional.ofNullable(spec.getSharding()).orElseGet(ShardingSpec::new);
    int fps = Optional.ofNullable(output.getFps()).orElse(DEFAULT_FPS);
    double seconds =
        Optional.ofNullable(output.getDurationSeconds()).orElse(DEFAULT_DURATION_SECONDS);
    double segmentSeconds =
        Optional.ofNullable(sharding.getSegmentSeconds()).orElse(DEFAULT_SEGMENT_SECONDS);
    if (fps < 1 || !(seconds > 0) || !(segmentSeconds > 0)) {
      throw new PlanningException(
          "output.fps, output.durationSeconds and sharding.segmentSeconds must be positive");
    }
    int frames = task == VideoTask.Image ? 1 : (int) Math.max(1, Math.round(seconds * fps));
    int segmentFrames = (int) Math.max(1, Math.round(segmentSeconds * fps));
    // Default overlap: 4 frames, but less than half a segment, so that a segment always holds its
    // overlap, as many input frames after it (Connect, loops) and a new frame.
    int overlap =
        Optional.ofNullable(sharding.getOverlapFrames())
            .orElse(Math.min(DEFAULT_OVERLAP_FRAMES, (segmentFrames - 1) / 2));
    if (overlap < 0) {
      throw new PlanningException("sharding.overlapFrames must not be negative");
    }
    int maxParallel = Optional.ofNullable(sharding.getMaxParallel()).orElse(DEFAULT_MAX_PARALLEL);
    if (maxParallel < 1) {
      throw new PlanningException("sharding.maxParallel must be at least 1");
    }
    ShardingStrategy strategy =
        Optional.ofNullable(sharding.getStrategy()).orElse(ShardingStrategy.Auto);
    long seed =
        Optional.ofNullable(spec.getSampling()).map(SamplingSpec::getSeed).orElse(0L).longValue();
    OutputFormat format =
        Optional.ofNullable(output.getFormat())
            .orElse(task == VideoTask.Image ? OutputFormat.png : OutputFormat.mp4);
    if (task == VideoTask.Image && format != OutputFormat.png) {
      throw new PlanningException("task Image writes a png: set output.format to png");
    }
    Timeline timeline = new Timeline(frames, fps, segmentFrames, overlap, maxParallel);
    // Input videos condition on overlapFrames frames of theirs, at least one.
    int inputFrames = Math.max(1, overlap);
    Inputs inputs = Optional.ofNullable(spec.getInputs()).orElseGet(Inputs::new);
    InputMedia media =
        switch (task) {
          case TextToVideo, Image -> InputMedia.none();
          case ImageToVideo ->
              InputMedia.image(required(inputs.getImage(), "task ImageToVideo needs inputs.image"));
          case Edit -> InputMedia.edit(required(inputs.getVideo(), "task Edit needs inputs.video"));
          case Connect -> {
            List<String> videos = inputs.getVideos();
            if (videos == null || videos.size() != 2) {
              throw new PlanningException(
                  "task Connect needs inputs.videos with exactly two URIs: the video to start"
                      + " from and the video to end in");
            }
            yield InputMedia.connect(
                required(videos.get(0), "inputs.videos[0] is empty"),
                required(videos.get(1), "inputs.videos[1] is empty"),
                inputFrames);
          }
          case Extend -> {
            Optional<ExtendSpec> extend = Optional.ofNullable(spec.getExtend());
            yield InputMedia.extend(
                required(inputs.getVideo(), "task Extend needs inputs.video"),
                inputFrames,
                extend.map(ExtendSpec::getDirection).orElse(null) == ExtendDirection.Backward,
                extend.map(ExtendSpec::getLoop).orElse(false));
          }
        };
    return new PlanInputs(task, strategy, timeline, seed, format, location, media);
  }

  private static String required(String value, String message) {
    if (value == null || value.isBlank()) {
      throw new PlanningException(message);
    }
    return value;
  }
}
