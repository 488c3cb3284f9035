package dev.videogen.api.v1alpha1.spec;

/** Container or file type of a rendered result. */
public enum OutputFormat {
  /** H.264 in MP4. */
  mp4,
  /** VP9 in WebM. */
  webm,
  /** Animated GIF. */
  gif,
  /** PNG: one file for an image, numbered frames for a video. */
  png
}
