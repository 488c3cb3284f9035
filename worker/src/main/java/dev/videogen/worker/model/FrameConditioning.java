package dev.videogen.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * The model's frame-conditioning input: which frames of a video are given (clean reference frames
 * for image-to-video, extension, loops and connecting clips) and what they are.
 *
 * <p>Layout, as in Open-Sora 2.0: (B, C + 1, T, H, W), channel 0 the frame mask (1 where the frame
 * is given, 0 where the model renders it) and channels 1..C the given frames' values (0 elsewhere).
 * {@link PatchDit} cuts it into the same spacetime patches as the video and adds it through a
 * zero-initialised projection. A per-frame mask rather than Open-Sora 1.2's per-frame timestep,
 * because a token spans pt frames: with pt = 2 one token can hold a given frame and a rendered one,
 * and only a per-frame channel inside the patch can say which is which.
 *
 * <p>Legend: B batch, C channels, T frames, H rows, W columns; a frame mask is (B, T) of 0 and 1.
 */
public final class FrameConditioning {
  private FrameConditioning() {}

  /** The (B, C + 1, T, H, W) model input for {@code reference} (B, C, T, H, W) and mask (B, T). */
  public static NDArray input(NDArray reference, NDArray frameMask) {
    NDArray m = broadcastable(frameMask); // (B, 1, T, 1, 1)
    Shape s = reference.getShape();
    NDArray maskPlane = m.broadcast(new Shape(s.get(0), 1, s.get(2), s.get(3), s.get(4)));
    return NDArrays.concat(new NDList(maskPlane, reference.mul(m)), 1); // (B, C + 1, T, H, W)
  }

  /** The (B, T) frame mask as a boolean selector (B, C, T, H, W) for {@link #keepGiven}. */
  public static NDArray given(NDArray frameMask, Shape video) {
    return broadcastable(frameMask).gt(0.5f).broadcast(video);
  }

  /**
   * {@code x} (B, C, T, H, W) with its given frames replaced by the reference's, exactly (a select,
   * not arithmetic, so the reference values come through bit for bit); {@code given} from {@link
   * #given}.
   */
  public static NDArray keepGiven(NDArray x, NDArray reference, NDArray given) {
    return NDArrays.where(given, reference, x);
  }

  /** A (B, T) frame mask as (B, 1, T, 1, 1), to broadcast against (B, C, T, H, W). */
  public static NDArray broadcastable(NDArray frameMask) {
    Shape s = frameMask.getShape();
    return frameMask.reshape(s.get(0), 1, s.get(1), 1, 1);
  }
}
