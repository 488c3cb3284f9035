package dev.videogen.worker.bench;

import dev.videogen.api.v1alpha1.spec.ModelPreset;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.Prediction;
import picocli.CommandLine.Option;

/** Command-line options that pick a model: a preset and optional overrides. */
public final class ModelOptions {
  @Option(
      names = "--preset",
      defaultValue = "tiny",
      description = "tiny, small, base, large or xl.")
  ModelPreset preset;

  @Option(names = "--depth", description = "DiT blocks (overrides the preset).")
  Integer depth;

  @Option(names = "--width", description = "Hidden size (overrides the preset).")
  Integer width;

  @Option(names = "--heads", description = "Attention heads (overrides the preset).")
  Integer heads;

  @Option(
      names = "--patch",
      description = "Spacetime patch T,H,W (overrides the preset), e.g. 2,4,4.",
      split = ",")
  int[] patch;

  @Option(
      names = "--prediction",
      description = "What the output head predicts: DATA (x-prediction, default) or VELOCITY.")
  Prediction prediction;

  /** The configuration for {@code channels} input channels. */
  public DitConfig config(int channels) {
    DitConfig c = DitConfig.preset(preset).withChannels(channels);
    if (depth != null) {
      c = c.withDepth(depth);
    }
    if (width != null || heads != null) {
      c = c.withWidth(width != null ? width : c.width(), heads != null ? heads : c.heads());
    }
    if (patch != null) {
      if (patch.length != 3) {
        throw new IllegalArgumentException("--patch takes three sizes T,H,W, got " + patch.length);
      }
      c = c.withPatch(patch[0], patch[1], patch[2]);
    }
    if (prediction != null) {
      c = c.withPrediction(prediction);
    }
    return c;
  }
}
