package dev.videogen.api.plan;

import dev.videogen.api.v1alpha1.spec.OutputFormat;

/**
 * One unit of work of a plan: one pod of a stage's Indexed Job ({@code index} is its completion
 * index), writing one artifact under {@code output.location}.
 */
public sealed interface Shard permits RenderShard, StitchShard {
  /** Unique in the plan: {@code <stage name>-<index>}. */
  String id();

  /** Index of the stage in {@link Plan#stages()}. */
  int stage();

  /** Completion index within the stage. */
  int index();

  /** Key of the artifact, relative to {@code output.location}. */
  String artifactKey();

  OutputFormat format();

  /** Frames the shard renders through the model (0 for a stitch). */
  int renderedFrames();
}
