package dev.videogen.api.plan;

/** Which end of an input file frame indices count from. */
public enum FrameAnchor {
  /** Index 0 is the first frame of the file. */
  Start,
  /** Index -1 is the last frame of the file, so {@code [-4, 0)} names the last four frames. */
  End
}
