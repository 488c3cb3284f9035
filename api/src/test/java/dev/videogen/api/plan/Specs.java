package dev.videogen.api.plan;

import dev.videogen.api.v1alpha1.VideoJobSpec;
import dev.videogen.api.v1alpha1.spec.ExtendDirection;
import dev.videogen.api.v1alpha1.spec.ExtendSpec;
import dev.videogen.api.v1alpha1.spec.Inputs;
import dev.videogen.api.v1alpha1.spec.ModelSource;
import dev.videogen.api.v1alpha1.spec.OutputSpec;
import dev.videogen.api.v1alpha1.spec.SamplingSpec;
import dev.videogen.api.v1alpha1.spec.ShardingSpec;
import dev.videogen.api.v1alpha1.spec.ShardingStrategy;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import java.util.List;
import java.util.Random;

/** VideoJob specs for planner tests, built fluently. */
public final class Specs {
  public static final String LOCATION = "s3://videos/jobs/demo";
  public static final String IMAGE = "s3://inputs/cat.png";
  public static final String VIDEO = "s3://inputs/clip.mp4";
  public static final String OTHER_VIDEO = "s3://inputs/other.mp4";

  private final VideoJobSpec spec = new VideoJobSpec();

  private Specs(VideoTask task) {
    spec.setModel(ModelSource.ofCheckpoint("s3://models/tiny/step-1000"));
    spec.setTask(task);
    spec.setPrompt("a red circle moves left");
    OutputSpec output = new OutputSpec();
    output.setLocation(LOCATION);
    spec.setOutput(output);
    spec.setSharding(new ShardingSpec());
    Inputs inputs = new Inputs();
    switch (task) {
      case ImageToVideo -> inputs.setImage(IMAGE);
      case Extend, Edit -> inputs.setVideo(VIDEO);
      case Connect -> inputs.setVideos(List.of(VIDEO, OTHER_VIDEO));
      default -> inputs = null;
    }
    spec.setInputs(inputs);
  }

  public static Specs of(VideoTask task) {
    return new Specs(task);
  }

  public static Specs textToVideo(double seconds, int fps) {
    return new Specs(VideoTask.TextToVideo).seconds(seconds).fps(fps);
  }

  public Specs seconds(double seconds) {
    spec.getOutput().setDurationSeconds(seconds);
    return this;
  }

  public Specs fps(int fps) {
    spec.getOutput().setFps(fps);
    return this;
  }

  public Specs strategy(ShardingStrategy strategy) {
    spec.getSharding().setStrategy(strategy);
    return this;
  }

  public Specs segmentSeconds(Double seconds) {
    spec.getSharding().setSegmentSeconds(seconds);
    return this;
  }

  public Specs overlap(Integer frames) {
    spec.getSharding().setOverlapFrames(frames);
    return this;
  }

  public Specs maxParallel(Integer maxParallel) {
    spec.getSharding().setMaxParallel(maxParallel);
    return this;
  }

  public Specs seed(long seed) {
    SamplingSpec sampling = new SamplingSpec();
    sampling.setSeed(seed);
    spec.setSampling(sampling);
    return this;
  }

  public Specs extend(ExtendDirection direction, boolean loop) {
    ExtendSpec extend = new ExtendSpec();
    extend.setDirection(direction);
    extend.setLoop(loop);
    spec.setExtend(extend);
    return this;
  }

  public VideoJobSpec build() {
    return spec;
  }

  public Plan plan() {
    return ShardPlanner.plan(spec);
  }

  /**
   * A random spec across the CRD's range: durations 0.1 to 600 s, fps 1 to 60, segments 0.1 to 60
   * s, any overlap and maxParallel (or their defaults), every strategy and task.
   */
  public static VideoJobSpec random(Random random) {
    VideoTask task = VideoTask.values()[random.nextInt(VideoTask.values().length)];
    Specs specs =
        Specs.of(task)
            .seconds(round(logUniform(random, 0.1, 600)))
            .fps(1 + random.nextInt(60))
            .strategy(ShardingStrategy.values()[random.nextInt(ShardingStrategy.values().length)])
            .segmentSeconds(random.nextInt(4) == 0 ? null : round(logUniform(random, 0.1, 60)))
            .overlap(
                random.nextInt(3) == 0
                    ? null
                    : random.nextBoolean() ? random.nextInt(9) : random.nextInt(65))
            .maxParallel(
                random.nextInt(5) == 0 ? null : (int) Math.round(logUniform(random, 1, 1024)))
            .seed(random.nextLong() & Long.MAX_VALUE);
    if (task == VideoTask.Extend) {
      specs.extend(
          random.nextBoolean() ? ExtendDirection.Forward : ExtendDirection.Backward,
          random.nextBoolean());
    }
    return specs.build();
  }

  private static double logUniform(Random random, double min, double max) {
    return Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min)));
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
