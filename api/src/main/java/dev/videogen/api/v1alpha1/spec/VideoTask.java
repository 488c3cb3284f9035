package dev.videogen.api.v1alpha1.spec;

/** What a VideoJob generates. The constants are the values users write in {@code spec.task}. */
public enum VideoTask {
  /** A video from a prompt. */
  TextToVideo,
  /** A video that starts from {@code inputs.image}. */
  ImageToVideo,
  /** {@code inputs.video} extended forward or backward in time, or into a seamless loop. */
  Extend,
  /** {@code inputs.video} re-rendered towards the prompt (SDEdit, {@code edit.strength}). */
  Edit,
  /** A transition from {@code inputs.videos[0]} into {@code inputs.videos[1]}. */
  Connect,
  /** A single image. */
  Image
}
