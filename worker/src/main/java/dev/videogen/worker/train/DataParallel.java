package dev.videogen.worker.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.torch.Foreach;
import java.util.ArrayList;
import java.util.List;

/**
 * Data parallelism across the devices of one process (the GPUs of one pod): one replica of the
 * model per device, each step's batch split into one contiguous chunk per replica, gradients summed
 * onto the first replica, which alone holds the optimiser and the EMA, and its updated weights
 * copied back to the others. The result is the update of the whole batch on one device, up to
 * floating-point summation order.
 *
 * <p>Each chunk's mean loss is weighted by its share of the batch and the weighted losses are
 * summed on the first device, so one backward pass gives every replica the gradient of its part of
 * the batch's mean loss; PyTorch's autograd engine runs the backward of each device on its own
 * thread. The forward passes are issued one after another from this thread, but CUDA kernels are
 * asynchronous, so the devices overlap.
 *
 * <p>Only one process: DJL has no collective communication (all-reduce across hosts), which is why
 * training is never spread over several pods.
 */
final class DataParallel implements AutoCloseable {
  /** One copy of the model on one device. */
  record Replica(Device device, NDManager manager, PatchDit model, ParameterStore store) {
    List<Parameter> parameters() {
      return model.trainableParameters();
    }
  }

  /** The mean loss of clips [from, to) of the batch on {@code replica}, built in {@code scope}. */
  @FunctionalInterface
  interface ChunkLoss {
    NDArray loss(Replica replica, NDManager scope, int from, int to);
  }

  private final List<Replica> replicas;
  private final List<List<Parameter>> parameters = new ArrayList<>();

  /**
   * Replicas of {@code primary} (which stays owned by the caller) on each of {@code others}, with
   * its weights.
   */
  DataParallel(DitConfig config, Replica primary, List<Device> others) {
    List<Replica> all = new ArrayList<>();
    all.add(primary);
    for (Device device : others) {
      NDManager manager = NDManager.newBaseManager(device);
      all.add(
          new Replica(
              device,
              manager,
              PatchDit.create(config, manager),
              new ParameterStore(manager, false)));
    }
    this.replicas = List.copyOf(all);
    for (Replica r : replicas) {
      parameters.add(r.parameters());
    }
    broadcast();
  }

  int size() {
    return replicas.size();
  }

  /** The trained parameters of replica {@code r} (0: the first). */
  List<Parameter> parameters(int r) {
    return parameters.get(r);
  }

  /** First clip of chunk {@code i} when {@code batch} clips go to {@code parts} replicas. */
  static int chunkStart(int batch, int parts, int i) {
    return (int) ((long) batch * i / parts);
  }

  /**
   * Forward and backward passes of a batch of {@code batch} clips, split across the replicas (fewer
   * than all when the batch is smaller than the replica count); leaves each replica's gradients set
   * and returns the batch's mean loss.
   */
  double lossAndGradients(int batch, ChunkLoss chunkLoss) {
    int parts = Math.min(batch, replicas.size());
    Replica primary = replicas.get(0);
    List<NDManager> scopes = new ArrayList<>();
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray total = null;
      for (int i = 0; i < parts; i++) {
        Replica r = replicas.get(i);
        NDManager scope = r.manager().newSubManager();
        scopes.add(scope);
        int from = chunkStart(batch, parts, i);
        int to = chunkStart(batch, parts, i + 1);
        NDArray loss = chunkLoss.loss(r, scope, from, to);
        if (parts == 1) {
          total = loss;
          break;
        }
        // The batch's mean loss is the chunks' means weighted by their share of the batch.
        // The weight as a PyTorch-allocated tensor, not a float: see Attention.scaledDotProduct.
        NDArray share = scope.full(new Shape(), (float) (to - from) / batch, loss.getDataType());
        NDArray weighted = loss.mul(share).toDevice(primary.device(), false);
        total = total == null ? weighted : total.add(weighted);
      }
      collector.backward(total);
      return total.getFloat();
    } finally {
      for (NDManager scope : scopes) {
        scope.close();
      }
    }
  }

  /**
   * The batch's gradient of every parameter of the first replica, in parameter order: the sum of
   * the replicas' gradients, on the first device, in {@code scope}.
   */
  List<NDArray> gradients(NDManager scope) {
    List<Parameter> primary = parameters.get(0);
    List<NDArray> out = new ArrayList<>(primary.size());
    for (int p = 0; p < primary.size(); p++) {
      NDArray sum = gradient(primary.get(p), scope);
      for (int r = 1; r < replicas.size(); r++) {
        NDArray g = gradient(parameters.get(r).get(p), scope);
        sum = sum.add(g.toDevice(sum.getDevice(), false));
      }
      out.add(sum);
    }
    return out;
  }

  // DJL gives a new handle on the gradient (or zeros before any backward); scope closes it.
  private static NDArray gradient(Parameter p, NDManager scope) {
    NDArray g = p.getArray().getGradient();
    g.attach(scope);
    return g;
  }

  /**
   * Zeroes every replica's gradients, given this step's {@link #gradients}: on one device those are
   * the model's own gradients, zeroed in one call without asking DJL for them again.
   */
  void zeroGradients(List<NDArray> gradients) {
    if (replicas.size() == 1) {
      Foreach.zero(gradients);
    } else {
      zeroGradients();
    }
  }

  /** Zeroes every replica's gradients (PyTorch accumulates them). */
  void zeroGradients() {
    for (List<Parameter> list : parameters) {
      AdamW.zeroGradients(list);
    }
  }

  /** Copies the first replica's weights into every other replica, device to device. */
  void broadcast() {
    List<Parameter> primary = parameters.get(0);
    for (int r = 1; r < replicas.size(); r++) {
      List<Parameter> target = parameters.get(r);
      Device device = replicas.get(r).device();
      for (int p = 0; p < primary.size(); p++) {
        NDArray source = primary.get(p).getArray();
        NDArray destination = target.get(p).getArray();
        if (source.getDevice().equals(device)) {
          destination.set(new NDIndex("..."), source);
        } else {
          try (NDArray moved = source.toDevice(device, true)) {
            destination.set(new NDIndex("..."), moved);
          }
        }
      }
    }
  }

  /** Closes the replicas this created (not the first, which the caller owns). */
  @Override
  public void close() {
    for (int r = 1; r < replicas.size(); r++) {
      replicas.get(r).manager().close();
    }
  }
}
