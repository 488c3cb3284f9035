package dev.videogen.api.plan;

/** How a shard uses conditioning frames. */
public enum ConditioningMode {
  /** The frames are given: the model keeps them clean and renders the rest to fit them. */
  Clean,
  /** SDEdit: the frames are noised to the edit strength, then denoised towards the prompt. */
  Guide
}
