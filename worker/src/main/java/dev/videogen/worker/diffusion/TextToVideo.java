package dev.videogen.worker.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.world.SyntheticDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/** Prompts in, clips out: the sampler plus the conversion from model values to RGB frames. */
public final class TextToVideo {
  private TextToVideo() {}

  /** One clip per prompt, each {@code frames} × {@code height} × {@code width} at {@code fps}. */
  public static List<Clip> render(
      PatchDit model,
      List<String> prompts,
      int width,
      int height,
      int frames,
      double fps,
      SamplerSettings settings,
      IntConsumer onStep) {
    Shape shape = new Shape(prompts.size(), model.config().channels(), frames, height, width);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray video = EulerSampler.sample(model, manager, prompts, shape, settings, onStep);
      return clips(video, frames, height, width, fps);
    }
  }

  /**
   * Videos (B, 3, T, H, W) in [−1, 1] as B clips of {@code frames} × {@code height} × {@code
   * width}.
   */
  public static List<Clip> clips(NDArray video, int frames, int height, int width, double fps) {
    float[] values = video.toFloatArray();
    int count = (int) video.getShape().get(0);
    int perClip = values.length / count;
    List<Clip> clips = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      clips.add(SyntheticDataset.fromModelLayout(values, i * perClip, frames, height, width, fps));
    }
    return clips;
  }
}
