package dev.videogen.worker.store;

import static dev.videogen.worker.store.S3StoreTest.randomBytes;
import static dev.videogen.worker.store.S3StoreTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file:// and pvc:// stores on a temporary directory. */
class FileStoreTest {
  @TempDir Path tmp;

  private StoreSettings settings() {
    return new StoreSettings(tmp.resolve("pvc"), S3Settings.fromEnvironment(java.util.Map.of()));
  }

  private ArtifactStore openFile(Path root) throws IOException {
    return ArtifactStores.open(root.toUri().toString(), settings());
  }

  @Test
  void roundTripUnderAFileUri() throws Exception {
    byte[] bytes = randomBytes(70_000, 1);
    Path root = tmp.resolve("out dir"); // a space: the URI has %20, the directory does not
    try (ArtifactStore store = openFile(root)) {
      StoredObject put = store.put("shard-0001/video.mp4", bytes);

      assertThat(Files.readAllBytes(root.resolve("shard-0001/video.mp4"))).isEqualTo(bytes);
      assertThat(put.sha256()).isEqualTo(sha256(bytes));
      assertThat(put.uri()).isEqualTo(root.toUri() + "shard-0001/video.mp4");
      assertThat(store.stat("shard-0001/video.mp4")).contains(put);
      assertThat(store.exists("shard-0001/video.mp4")).isTrue();
      try (InputStream in = store.open("shard-0001/video.mp4")) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      StoredObject got = store.get("shard-0001/video.mp4", tmp.resolve("copy/video.mp4"));
      assertThat(got.sha256()).isEqualTo(put.sha256());
      assertThat(Files.readAllBytes(tmp.resolve("copy/video.mp4"))).isEqualTo(bytes);
    }
  }

  @Test
  void aFailedWriteLeavesNothingAtTheFinalPath() throws Exception {
    Path root = tmp.resolve("store");
    try (ArtifactStore store = openFile(root)) {
      assertThatThrownBy(() -> store.put("a/video.mp4", failingAfter(1 << 20)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("source broke");

      assertThat(store.exists("a/video.mp4")).isFalse();
      assertThat(filesBelow(root)).isEmpty(); // no temporary file either
    }
  }

  @Test
  void aFailedRewriteKeepsThePreviousObject() throws Exception {
    byte[] previous = randomBytes(1000, 2);
    try (ArtifactStore store = openFile(tmp.resolve("store"))) {
      store.put("result.json", previous);

      assertThatThrownBy(() -> store.put("result.json", failingAfter(4096)))
          .isInstanceOf(IOException.class);

      try (InputStream in = store.open("result.json")) {
        assertThat(in.readAllBytes()).isEqualTo(previous);
      }
      assertThat(store.list("")).containsExactly("result.json");
      assertThat(filesBelow(tmp.resolve("store"))).hasSize(1);
    }
  }

  @Test
  void aRerunWritesTheSameKeyAndChecksum() throws Exception {
    Path file = tmp.resolve("frame.png");
    Files.write(file, randomBytes(3000, 3));
    try (ArtifactStore store = openFile(tmp.resolve("store"))) {
      StoredObject first = store.put("shard-0002/frame.png", file);
      StoredObject second = store.put("shard-0002/frame.png", file);

      assertThat(second).isEqualTo(first);
      assertThat(store.list("")).containsExactly("shard-0002/frame.png");
    }
  }

  @Test
  void listingHidesTemporaryFilesAndIsSorted() throws Exception {
    Path root = tmp.resolve("store");
    try (ArtifactStore store = openFile(root)) {
      for (String key : List.of("b/2", "a/1", "a/c/3", "ab")) {
        store.put(key, key.getBytes());
      }
      Files.write(root.resolve("a/.video.mp4.0f3e.partial"), new byte[10]); // a crashed write

      assertThat(store.list("")).containsExactly("a/1", "a/c/3", "ab", "b/2");
      assertThat(store.list("a")).containsExactly("a/1", "a/c/3");
      assertThat(store.list("none")).isEmpty();
    }
  }

  @Test
  void deleteRemovesTheObjectAndEmptyDirectories() throws Exception {
    Path root = tmp.resolve("store");
    try (ArtifactStore store = openFile(root)) {
      store.put("ckpt/step-1/model.ndlist", new byte[] {1});
      store.put("ckpt/keep", new byte[] {2});

      store.delete("ckpt/step-1/model.ndlist");
      store.delete("ckpt/step-1/model.ndlist"); // again: no error

      assertThat(root.resolve("ckpt/step-1")).doesNotExist();
      assertThat(store.list("")).containsExactly("ckpt/keep");
      assertThatThrownBy(() -> store.open("ckpt/step-1/model.ndlist"))
          .isInstanceOf(NoSuchFileException.class)
          .hasMessageContaining("ckpt/step-1/model.ndlist");
    }
  }

  @Test
  void directoriesRoundTrip() throws Exception {
    Path dir = tmp.resolve("checkpoint");
    Files.createDirectories(dir.resolve("sub"));
    Files.write(dir.resolve("model.ndlist"), randomBytes(5000, 4));
    Files.write(dir.resolve("sub/state.json"), "{}".getBytes());
    Files.write(dir.resolve(".model.ndlist.1234.partial"), new byte[3]); // never uploaded
    try (ArtifactStore store = openFile(tmp.resolve("store"))) {
      List<StoredObject> put = store.putDirectory("step-00000100", dir);

      assertThat(put)
          .extracting(StoredObject::key)
          .containsExactly("step-00000100/model.ndlist", "step-00000100/sub/state.json");
      Path back = tmp.resolve("back");
      store.getDirectory("step-00000100", back);
      assertThat(filesBelow(back)).containsExactly("model.ndlist", "sub/state.json");
      assertThat(Files.readAllBytes(back.resolve("model.ndlist")))
          .isEqualTo(Files.readAllBytes(dir.resolve("model.ndlist")));
    }
  }

  @Test
  void aPvcUriMapsToTheClaimsMount() throws Exception {
    Path mount = Files.createDirectories(tmp.resolve("pvc/training-data"));
    try (ArtifactStore store = ArtifactStores.open("pvc://training-data/runs/r1", settings())) {
      StoredObject put = store.put("ckpt/manifest.json", "{}".getBytes());

      assertThat(mount.resolve("runs/r1/ckpt/manifest.json")).hasContent("{}");
      assertThat(put.uri()).isEqualTo("pvc://training-data/runs/r1/ckpt/manifest.json");
      assertThat(store.uri()).isEqualTo("pvc://training-data/runs/r1");
    }
  }

  @Test
  void anUnmountedClaimIsAClearError() {
    assertThatThrownBy(() -> ArtifactStores.open("pvc://missing-claim/x", settings()))
        .isInstanceOf(ArtifactStoreException.class)
        .hasMessageContaining(
            "claim 'missing-claim' is not mounted at " + tmp.resolve("pvc/missing-claim"))
        .hasMessageContaining(StoreSettings.PVC_ROOT_ENV);
  }

  @Test
  void aSymlinkCannotLeadOutOfTheClaim() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.write(outside.resolve("secret"), "private".getBytes());
    Path mount = Files.createDirectories(tmp.resolve("pvc/data"));
    Files.createSymbolicLink(mount.resolve("escape"), outside);
    Files.createSymbolicLink(mount.resolve("secret-link"), outside.resolve("secret"));
    try (ArtifactStore store = ArtifactStores.open("pvc://data", settings())) {
      assertThatThrownBy(() -> store.put("escape/new", new byte[] {1}))
          .isInstanceOf(ArtifactStoreException.class)
          .hasMessageContaining("pvc://data/escape/new")
          .hasMessageContaining("outside " + mount.toRealPath());
      assertThatThrownBy(() -> store.open("escape/secret"))
          .isInstanceOf(ArtifactStoreException.class)
          .hasMessageContaining("symbolic link");
      assertThatThrownBy(() -> store.open("secret-link"))
          .isInstanceOf(ArtifactStoreException.class)
          .hasMessageContaining("symbolic link");
      assertThatThrownBy(() -> store.exists("escape/secret"))
          .isInstanceOf(ArtifactStoreException.class);
    }
    assertThat(filesBelow(outside)).containsExactly("secret"); // nothing written outside
  }

  @Test
  void linksInsideTheClaimAndALinkedMountAreFine() throws Exception {
    // Kubelet mounts may themselves be links; only leaving the claim's real directory is refused.
    Path real = Files.createDirectories(tmp.resolve("volumes/data"));
    Files.createDirectories(tmp.resolve("pvc"));
    Files.createSymbolicLink(tmp.resolve("pvc/data"), real);
    Files.createDirectories(real.resolve("v2"));
    Files.createSymbolicLink(real.resolve("latest"), real.resolve("v2"));
    try (ArtifactStore store = ArtifactStores.open("pvc://data", settings())) {
      store.put("latest/model.bin", new byte[] {7});

      assertThat(real.resolve("v2/model.bin")).exists();
      try (InputStream in = store.open("latest/model.bin")) {
        assertThat(in.readAllBytes()).containsExactly(7);
      }
    }
  }

  @Test
  void escapingKeysAreRejected() throws Exception {
    try (ArtifactStore store = openFile(tmp.resolve("store"))) {
      assertThatThrownBy(() -> store.put("a/../../etc/passwd", new byte[1]))
          .isInstanceOf(InvalidArtifactUriException.class)
          .hasMessageContaining("'..' segment");
      assertThatThrownBy(() -> store.put("/etc/passwd", new byte[1]))
          .isInstanceOf(InvalidArtifactUriException.class)
          .hasMessageContaining("write 'etc/passwd'");
      assertThatThrownBy(() -> store.get("%2e%2e/x", tmp.resolve("x")))
          .isInstanceOf(InvalidArtifactUriException.class);
    }
    assertThat(tmp.resolve("store")).doesNotExist();
  }

  private static InputStream failingAfter(int bytes) {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("source broke");
          }
        };
    return new SequenceInputStream(new ByteArrayInputStream(new byte[bytes]), broken);
  }

  private static List<String> filesBelow(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }
}
