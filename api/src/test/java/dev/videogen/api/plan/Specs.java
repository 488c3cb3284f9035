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

/** VideoJob specs for planner tests, built fluently. */
final class Specs {
  static final String LOCATION = "s3://videos/jobs/demo";
  static final String IMAGE = "s3://inputs/cat.png";
  static final String VIDEO = "s3://inputs/clip.mp4";
  static final String OTHER_VIDEO = "s3://inputs/other.mp4";

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

  static Specs of(VideoTask task) {
    return new Specs(task);
  }

  static Specs textToVideo(double seconds, int fps) {
    return new Specs(VideoTask.TextToVideo).seconds(seconds).fps(fps);
  }

  Specs seconds(double seconds) {
    spec.getOutput().setDurationSeconds(seconds);
    return this;
  }

  Specs fps(int fps) {
    spec.getOutput().setFps(fps);
    return this;
  }

  Specs strategy(ShardingStrategy strategy) {
    spec.getSharding().setStrategy(strategy);
    return this;
  }

  Specs segmentSeconds(Double seconds) {
    spec.getSharding().setSegmentSeconds(seconds);
    return this;
  }

  Specs overlap(Integer frames) {
    spec.getSharding().setOverlapFrames(frames);
    return this;
  }

  Specs maxParallel(Integer maxParallel) {
    spec.getSharding().setMaxParallel(maxParallel);
    return this;
  }

  Specs seed(long seed) {
    SamplingSpec sampling = new SamplingSpec();
    sampling.setSeed(seed);
    spec.setSampling(sampling);
    return this;
  }

  Specs extend(ExtendDirection direction, boolean loop) {
    ExtendSpec extend = new ExtendSpec();
    extend.setDirection(direction);
    extend.setLoop(loop);
    spec.setExtend(extend);
    return this;
  }

  VideoJobSpec build() {
    return spec;
  }

  Plan plan() {
    return ShardPlanner.plan(spec);
  }
}
