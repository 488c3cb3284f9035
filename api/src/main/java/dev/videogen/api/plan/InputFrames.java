package dev.videogen.api.plan;

/**
 * Frames of an input file of the job ({@code inputs.image}, {@code inputs.video} or one of {@code
 * inputs.videos}), counted from its start or its end; {@code frames} null means the whole file.
 */
public record InputFrames(String uri, FrameRange frames, FrameAnchor anchor)
    implements FrameSource {
  public InputFrames {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("an input reference needs the input URI");
    }
    if (anchor == null) {
      anchor = FrameAnchor.Start;
    }
    if (frames != null && anchor == FrameAnchor.Start && frames.start() < 0) {
      throw new IllegalArgumentException("frames counted from the start cannot be negative");
    }
    if (frames != null && anchor == FrameAnchor.End && frames.end() > 0) {
      throw new IllegalArgumentException("frames counted from the end must be negative");
    }
  }

  /** The first {@code count} frames of {@code uri}. */
  public static InputFrames head(String uri, int count) {
    return new InputFrames(uri, new FrameRange(0, count), FrameAnchor.Start);
  }

  /** The last {@code count} frames of {@code uri}. */
  public static InputFrames tail(String uri, int count) {
    return new InputFrames(uri, new FrameRange(-count, 0), FrameAnchor.End);
  }

  /** All of {@code uri}. */
  public static InputFrames whole(String uri) {
    return new InputFrames(uri, null, FrameAnchor.Start);
  }
}
