package dev.videogen.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * PyTorch's fused {@code scaled_dot_product_attention} (flash/memory-efficient kernels: the (N, L)
 * score matrix is never materialised for autograd), which DJL does not bind. It is reached through
 * a one-operation TorchScript module that this class writes itself (below) and loads once per
 * process; autograd records through a module run in training mode like through any other op, so the
 * backward pass is PyTorch's fused one too.
 *
 * <p>Shapes: q (B, h, N, d), k and v (B, h, L, d), bias broadcastable to (B, h, N, L) or absent;
 * returns (B, h, N, d), scaled by 1/√d as {@link Attention#scaledDotProduct} is.
 */
final class FusedAttention {
  /** The module's TorchScript source: one method, forward(q, k, v, bias=None). */
  private static final String CODE =
      String.join(
          "\n",
          "class Sdpa(Module):",
          "  __parameters__ = []",
          "  __buffers__ = []",
          "  training : bool",
          "  def forward(self: __torch__.Sdpa,",
          "    q: Tensor,",
          "    k: Tensor,",
          "    v: Tensor,",
          "    bias: Optional[Tensor]=None) -> Tensor:",
          "    return torch.scaled_dot_product_attention(q, k, v, bias)",
          "");

  /**
   * The module object, pickled (protocol 2): {@code __torch__.Sdpa} built with the state {@code
   * {"training": True}}; the only attribute the class declares.
   */
  private static final byte[] DATA_PKL = dataPickle();

  private static volatile PtSymbolBlock module;

  private FusedAttention() {}

  /** softmax(q kᵀ / √d + bias) v through PyTorch's fused kernel; bias may be null. */
  static NDArray apply(NDArray q, NDArray k, NDArray v, NDArray bias) {
    NDList inputs = bias == null ? new NDList(q, k, v) : new NDList(q, k, v, bias);
    // No profiling graph executor for one op: it re-specialises on every new shape and slows each
    // call; the switch is per thread in PyTorch, so it is set on the calling one.
    JniUtils.setGraphExecutorOptimize(false);
    // Always run as in training: DJL runs an inference call under c10::InferenceMode, whose results
    // autograd refuses to save when a later op multiplies them by a weight that requires gradients
    // (sampling a model that is also being trained). Run this way the module records exactly what
    // the written-out attention's operations would. The output belongs to q's manager.
    return IValueUtils.forward(module(), inputs, true).singletonOrThrow();
  }

  /** Whether {@code array} lives in the PyTorch engine (the only one this path serves). */
  static boolean supports(NDArray array) {
    return array instanceof PtNDArray;
  }

  private static PtSymbolBlock module() {
    PtSymbolBlock m = module;
    if (m == null) {
      synchronized (FusedAttention.class) {
        m = module;
        if (m == null) {
          m = load();
          module = m;
        }
      }
    }
    return m;
  }

  private static PtSymbolBlock load() {
    try {
      Path archive = Files.createTempFile("videogen-sdpa", ".pt");
      try {
        try (OutputStream out = Files.newOutputStream(archive)) {
          write(out);
        }
        // A process-wide manager that is never closed: the module lives as long as the process.
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager("PyTorch");
        return JniUtils.loadModule(manager, archive, false, new String[0], new String[0], false);
      } finally {
        Files.deleteIfExists(archive);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the fused-attention module", e);
    }
  }

  /** The TorchScript archive (the layout torch.jit.save writes, without debug records). */
  static void write(OutputStream out) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      entry(zip, "sdpa/data.pkl", DATA_PKL);
      entry(zip, "sdpa/code/__torch__.py", CODE.getBytes(StandardCharsets.UTF_8));
      entry(zip, "sdpa/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // ()
      entry(zip, "sdpa/version", "3".getBytes(StandardCharsets.US_ASCII));
      entry(zip, "sdpa/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  private static byte[] dataPickle() {
    java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
    p.write(0x80); // PROTO 2
    p.write(2);
    p.writeBytes("c__torch__\nSdpa\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL
    p.write(')'); // EMPTY_TUPLE: no constructor arguments
    p.write(0x81); // NEWOBJ
    p.write('}'); // EMPTY_DICT: the state
    byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
    p.write('X'); // BINUNICODE, 4-byte little-endian length
    p.write(key.length);
    p.write(0);
    p.write(0);
    p.write(0);
    p.writeBytes(key);
    p.write(0x88); // NEWTRUE
    p.write('s'); // SETITEM
    p.write('b'); // BUILD
    p.write('.'); // STOP
    return p.toByteArray();
  }
}
