package dev.videogen.api.v1alpha1.spec;

/** Named patch-DiT sizes, from a model for tests to DiT-XL scale. */
public enum ModelPreset {
  tiny,
  small,
  base,
  large,
  xl
}
