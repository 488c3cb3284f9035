package dev.videogen.api.v1alpha1.spec;

/** Which way an Extend task grows the input video in time. */
public enum ExtendDirection {
  /** New frames after the last frame of the input. */
  Forward,
  /** New frames before the first frame of the input. */
  Backward
}
