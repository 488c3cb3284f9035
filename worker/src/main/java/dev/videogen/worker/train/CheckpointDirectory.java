package dev.videogen.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The on-disk form every checkpoint shares, whatever it trains: a directory {@code step-<n>} of
 * files, among them {@code state.json} (format, step, and the stage when it is not Diffusion), and
 * a {@code manifest.json} written last that lists each file's size and sha256. It is written into a
 * hidden {@code .step-<n>.partial} directory and renamed into place; only a directory whose
 * manifest lists {@code state.json} and whose files all match their manifest entries counts as
 * complete, so a half-written or corrupted checkpoint is never used.
 */
public final class CheckpointDirectory {
  static final String STATE = "state.json";
  static final String MANIFEST = "manifest.json";
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes one file of a checkpoint. */
  @FunctionalInterface
  public interface FileWriter {
    void write(Path file) throws IOException;
  }

  private CheckpointDirectory() {}

  /** {@code step-<n>}, the directory name of step n's checkpoint. */
  public static String name(long step) {
    return String.format("step-%08d", step);
  }

  /**
   * Writes {@code files} (in order; {@code state.json} among them) and then the manifest into
   * {@code dir/step-<n>}, replacing an older copy of the same step, and returns that directory.
   */
  public static Path save(Path dir, long step, int format, Map<String, FileWriter> files) {
    if (!files.containsKey(STATE)) {
      throw new IllegalArgumentException("a checkpoint holds " + STATE);
    }
    Path target = dir.resolve(name(step));
    Path partial = dir.resolve("." + name(step) + ".partial");
    try {
      Files.createDirectories(dir);
      deleteRecursively(partial);
      Files.createDirectories(partial);
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("format", format);
      manifest.put("step", step);
      Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
      for (var file : files.entrySet()) {
        Path p = partial.resolve(file.getKey());
        file.getValue().write(p);
        entries.put(file.getKey(), Map.of("size", Files.size(p), "sha256", sha256(p)));
      }
      manifest.put("files", entries);
      JSON.writeValue(partial.resolve(MANIFEST).toFile(), manifest);
      deleteRecursively(target); // an older, possibly incomplete copy of the same step
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target, e);
    }
  }

  /** Whether {@code checkpoint}'s manifest lists state.json and every file it lists matches. */
  public static boolean isComplete(Path checkpoint) {
    Path manifest = checkpoint.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return false;
    }
    try {
      JsonNode files = JSON.readTree(manifest.toFile()).get("files");
      if (files == null || !files.has(STATE)) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
        var entry = it.next();
        Path p = checkpoint.resolve(entry.getKey()).normalize();
        if (!p.startsWith(checkpoint.normalize())
            || !Files.isRegularFile(p)
            || Files.size(p) != entry.getValue().get("size").asLong()
            || !sha256(p).equals(entry.getValue().get("sha256").asText())) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The complete checkpoint with the highest step in {@code dir}, if any. */
  public static Optional<Path> latest(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().startsWith("step-"))
          .filter(CheckpointDirectory::isComplete)
          .max(Comparator.comparing(p -> p.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The step {@code checkpoint}'s manifest names (-1 if it cannot be read). */
  public static long step(Path checkpoint) {
    try {
      return JSON.readTree(checkpoint.resolve(MANIFEST).toFile()).path("step").asLong(-1);
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * What a checkpoint trained: its state's {@code stage}, Diffusion when absent (every checkpoint
   * written before the autoencoder stage). Only state.json is read, not verified: it picks which
   * reader to use, and every reader verifies the whole checkpoint ({@link #state}) before use, so
   * the files are hashed once.
   *
   * @throws IllegalArgumentException if there is no readable state.json with a known stage
   */
  public static TrainingStage stage(Path checkpoint) {
    try {
      return stageOf(JSON.readTree(checkpoint.resolve(STATE).toFile()));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          checkpoint + " is not a complete checkpoint (no readable state.json with its stage)", e);
    }
  }

  /** The stage a state.json names: Diffusion when it names none. */
  static TrainingStage stageOf(JsonNode state) {
    JsonNode stage = state.get("stage");
    if (stage == null) {
      return TrainingStage.Diffusion;
    }
    try {
      return TrainingStage.valueOf(stage.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "state.json names stage "
              + stage.asText()
              + ", which this worker does not know (a newer checkpoint needs a newer worker)",
          e);
    }
  }

  /** The checkpoint format a state.json names, read before the rest (-1 when it names none). */
  static int format(JsonNode state) {
    return state.path("format").asInt(-1);
  }

  /** A complete checkpoint's state.json, once its files are verified against the manifest. */
  static JsonNode state(Path checkpoint) {
    requireComplete(checkpoint);
    try {
      return JSON.readTree(checkpoint.resolve(STATE).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + checkpoint.resolve(STATE), e);
    }
  }

  /** {@code state} as {@code type}. */
  static <T> T as(JsonNode state, Class<T> type) {
    try {
      return JSON.treeToValue(state, type);
    } catch (IOException e) {
      throw new IllegalArgumentException("state.json does not read as " + type.getSimpleName(), e);
    }
  }

  /** Writes arrays in DJL's NDList encoding. */
  static void writeArrays(Path file, NDList arrays) throws IOException {
    Files.write(file, arrays.encode());
  }

  /** Reads arrays written by {@link #writeArrays} into {@code manager}. */
  static NDList readArrays(NDManager manager, Path file) {
    try {
      return NDList.decode(manager, Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The arrays of {@code parameters}, in their order: what a checkpoint stores. */
  static NDList arrays(List<Parameter> parameters) {
    NDList out = new NDList();
    for (Parameter p : parameters) {
      out.add(p.getArray());
    }
    return out;
  }

  /**
   * Sets {@code parameters} to {@code arrays} (in order), refusing a count or a shape that differs.
   *
   * @param what names the arrays' source in the message
   */
  static void load(List<Parameter> parameters, NDList arrays, String what) {
    if (arrays.size() != parameters.size()) {
      throw new IllegalArgumentException(
          what + " has " + arrays.size() + " arrays, the network " + parameters.size());
    }
    for (int i = 0; i < arrays.size(); i++) {
      NDArray target = parameters.get(i).getArray();
      NDArray source = arrays.get(i);
      if (!target.getShape().equals(source.getShape())) {
        throw new IllegalArgumentException(
            what
                + ": parameter "
                + i
                + " ("
                + parameters.get(i).getName()
                + ") has shape "
                + source.getShape()
                + ", the network "
                + target.getShape());
      }
      target.set(source.toByteBuffer());
    }
  }

  static void requireComplete(Path checkpoint) {
    if (!isComplete(checkpoint)) {
      throw new IllegalArgumentException(
          checkpoint + " is not a complete checkpoint (missing or corrupt manifest.json or files)");
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
