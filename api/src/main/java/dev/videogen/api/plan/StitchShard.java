package dev.videogen.api.plan;

import dev.videogen.api.v1alpha1.spec.OutputFormat;
import java.util.List;

/** The shard that joins the pieces in order and encodes the finished video. */
public record StitchShard(
    String id,
    int stage,
    int index,
    List<StitchPiece> pieces,
    String artifactKey,
    OutputFormat format)
    implements Shard {
  public StitchShard {
    pieces = List.copyOf(pieces);
  }

  @Override
  public int renderedFrames() {
    return 0;
  }
}
