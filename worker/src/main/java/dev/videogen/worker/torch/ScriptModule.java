package dev.videogen.worker.torch;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * PyTorch operations DJL does not bind, reached through a TorchScript module whose source is a Java
 * string: this class writes the archive {@code torch.jit.save} would (without debug records) for
 * one stateless module class and loads it with DJL. No binary is shipped, and the module runs in
 * the same libtorch as every other operation.
 */
public final class ScriptModule {
  private static final Map<String, PtSymbolBlock> LOADED = new ConcurrentHashMap<>();

  private ScriptModule() {}

  /**
   * The module of class {@code name} with source {@code code}, loaded on first use and shared by
   * every later caller (and thread) of this process.
   */
  public static PtSymbolBlock shared(String name, String code) {
    return LOADED.computeIfAbsent(name, n -> load(n, code));
  }

  /**
   * Loads the module of class {@code name} whose TorchScript source is {@code code} (the class
   * declares {@code training : bool} and no parameters or buffers). It lives as long as the
   * process.
   */
  public static PtSymbolBlock load(String name, String code) {
    try {
      Path archive = Files.createTempFile("videogen-" + name.toLowerCase(Locale.ROOT), ".pt");
      try {
        try (OutputStream out = Files.newOutputStream(archive)) {
          write(out, name, code);
        }
        // A process-wide manager that is never closed: the module lives as long as the process.
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager("PyTorch");
        return JniUtils.loadModule(manager, archive, false, new String[0], new String[0], false);
      } finally {
        Files.deleteIfExists(archive);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the TorchScript module " + name, e);
    }
  }

  /** Writes the TorchScript archive of module class {@code name} with source {@code code}. */
  public static void write(OutputStream out, String name, String code) throws IOException {
    String dir = name.toLowerCase(Locale.ROOT);
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      entry(zip, dir + "/data.pkl", dataPickle(name));
      entry(zip, dir + "/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
      entry(zip, dir + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // ()
      entry(zip, dir + "/version", "3".getBytes(StandardCharsets.US_ASCII));
      entry(zip, dir + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  /**
   * The module object, pickled (protocol 2): {@code __torch__.<name>} built with the state {@code
   * {"training": True}}, the only attribute the class declares.
   */
  private static byte[] dataPickle(String name) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(0x80); // PROTO 2
    p.write(2);
    p.writeBytes(("c__torch__\n" + name + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL
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
