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
      float[] values = video.toFloatArray();
      List<Clip> clips = new ArrayList<>();
      int perClip = (int) (shape.size() / prompts.size());
      for (int i = 0; i < prompts.size(); i++) {
        clips.add(
            SyntheticDataset.fromModelLayout(values, i * perClip, frames, height, width, fps));
      }
      return clips;
    }
  }
}
