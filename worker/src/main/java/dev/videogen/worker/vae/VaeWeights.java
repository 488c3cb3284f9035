package dev.videogen.worker.vae;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A trained autoencoder on disk: a magic line, the {@link VaeConfig} (so a file is enough to
 * rebuild the network) and DJL's parameter stream. Files of the first version, written before the
 * residual shortcuts, read as autoencoders without them. Written to a temporary file and moved into
 * place, so a reader never sees half a file.
 */
public final class VaeWeights {
  private static final String MAGIC = "videogen-vae/2";

  /** Files written before {@link VaeConfig#residual()}: their autoencoders have no shortcuts. */
  private static final String MAGIC_BEFORE_RESIDUAL = "videogen-vae/1";

  private VaeWeights() {}

  /** Writes {@code vae} to {@code file}. */
  public static void save(CausalVae vae, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeUTF(MAGIC);
      VaeConfig c = vae.config();
      out.writeInt(c.channels());
      out.writeInt(c.latentChannels());
      out.writeInt(c.width());
      out.writeBoolean(c.residual());
      vae.saveParameters(out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The autoencoder saved in {@code file}, its weights in {@code manager}.
   *
   * @throws IOException if the file cannot be read or is not an autoencoder saved by {@link #save}
   */
  public static CausalVae load(Path file, NDManager manager) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      String magic;
      try {
        magic = in.readUTF();
      } catch (IOException e) {
        magic = "";
      }
      if (!MAGIC.equals(magic) && !MAGIC_BEFORE_RESIDUAL.equals(magic)) {
        throw new IOException(file + " is not a videogen autoencoder (" + MAGIC + ") file");
      }
      VaeConfig config =
          new VaeConfig(
              in.readInt(), in.readInt(), in.readInt(), MAGIC.equals(magic) && in.readBoolean());
      CausalVae vae = CausalVae.create(config, manager);
      try {
        vae.loadParameters(manager, in);
      } catch (MalformedModelException e) {
        throw new IOException(file + ": the weights do not match its configuration " + config, e);
      }
      return vae;
    }
  }
}
