package dev.videogen.api.plan;

import dev.videogen.api.v1alpha1.spec.OutputFormat;
import dev.videogen.api.v1alpha1.spec.VideoTask;
import java.util.List;

/**
 * A shard that samples frames from the model. It renders {@code frames} (timeline positions, with
 * conditioning frames given clean, possibly outside {@code [0, frames)} for input media next to the
 * result) and owns {@code owned}: the frames the finished video takes from it.
 *
 * @param operation what the worker does, from its conditioning: TextToVideo (none), ImageToVideo
 *     (the image at frame 0), Extend (clean frames on one side), Connect (clean frames on both
 *     sides), Edit (guide frames), Image (a one-frame job)
 */
public record RenderShard(
    String id,
    int stage,
    int index,
    VideoTask operation,
    FrameSet frames,
    FrameSet owned,
    List<Conditioning> conditioning,
    long seed,
    String artifactKey,
    OutputFormat format)
    implements Shard {
  public RenderShard {
    conditioning = List.copyOf(conditioning);
    if (!frames.containsAll(owned)) {
      throw new IllegalArgumentException(id + ": owned frames " + owned + " not in " + frames);
    }
    for (Conditioning c : conditioning) {
      if (!frames.containsAll(c.target())) {
        throw new IllegalArgumentException(
            id + ": conditioning target " + c.target() + " not in " + frames);
      }
    }
  }

  @Override
  public int renderedFrames() {
    return frames.size();
  }
}
