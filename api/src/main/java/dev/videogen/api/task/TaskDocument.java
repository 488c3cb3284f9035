package dev.videogen.api.task;

/**
 * What one worker pod does, as read from its task JSON ({@code apiVersion: videogen.dev/task/v1}).
 * Written and read by {@link TaskJson}; the JSON field {@code kind} names the record.
 */
public sealed interface TaskDocument permits RenderTask, StitchTask, TrainTask {
  /** The shard id from the plan, e.g. {@code fill-3}; results name it. */
  String id();

  /** The value of {@code kind}: Render, Stitch or Train. */
  String kind();
}
