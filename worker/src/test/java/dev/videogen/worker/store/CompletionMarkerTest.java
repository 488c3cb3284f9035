package dev.videogen.worker.store;

import static dev.videogen.worker.store.S3StoreTest.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionMarkerTest {
  @TempDir Path tmp;

  private ArtifactStore fileStore() throws Exception {
    return ArtifactStores.open(
        tmp.resolve("store").toUri().toString(),
        new StoreSettings(tmp.resolve("pvc"), S3Settings.fromEnvironment(Map.of())));
  }

  private Path checkpoint(String name, long seed) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.write(dir.resolve("model.ndlist"), randomBytes(4000, seed));
    Files.write(dir.resolve("state.json"), ("{\"seed\":" + seed + "}").getBytes());
    Files.write(dir.resolve("manifest.json"), ("{\"files\":" + seed + "}").getBytes());
    return dir;
  }

  @Test
  void aPublishedArtifactIsCompleteAndFetchesWhole() throws Exception {
    try (ArtifactStore store = fileStore()) {
      List<StoredObject> written =
          CompletionMarker.CHECKPOINT.publish(store, "ckpt/step-100", checkpoint("local", 1));

      assertThat(written)
          .extracting(StoredObject::key)
          .containsExactly(
              "ckpt/step-100/model.ndlist",
              "ckpt/step-100/state.json",
              "ckpt/step-100/manifest.json");
      assertThat(CompletionMarker.CHECKPOINT.isComplete(store, "ckpt/step-100")).isTrue();

      Path back = tmp.resolve("back");
      CompletionMarker.CHECKPOINT.fetch(store, "ckpt/step-100", back);
      for (String f : List.of("model.ndlist", "state.json", "manifest.json")) {
        assertThat(Files.readAllBytes(back.resolve(f)))
            .isEqualTo(Files.readAllBytes(tmp.resolve("local").resolve(f)));
      }
    }
  }

  @Test
  void withoutItsMarkerAnArtifactIsNotTrusted() throws Exception {
    try (ArtifactStore store = fileStore()) {
      store.put("shard-0004/video.mp4", new byte[] {1, 2, 3}); // the writer died before its result

      assertThat(CompletionMarker.SHARD.isComplete(store, "shard-0004")).isFalse();
      assertThatThrownBy(() -> CompletionMarker.SHARD.fetch(store, "shard-0004", tmp.resolve("x")))
          .isInstanceOf(IncompleteArtifactException.class)
          .hasMessageContaining("shard-0004")
          .hasMessageContaining("no result.json");
      assertThat(tmp.resolve("x")).doesNotExist();

      CompletionMarker.SHARD.markComplete(store, "shard-0004", "{\"frames\":24}".getBytes());
      assertThat(CompletionMarker.SHARD.isComplete(store, "shard-0004")).isTrue();
    }
  }

  @Test
  void publishingNeedsTheMarkerLocally() throws Exception {
    Path dir = checkpoint("no-manifest", 2);
    Files.delete(dir.resolve("manifest.json"));
    try (ArtifactStore store = fileStore()) {
      assertThatThrownBy(() -> CompletionMarker.CHECKPOINT.publish(store, "ckpt/step-1", dir))
          .hasMessageContaining("manifest.json");
      assertThat(store.list("")).isEmpty();
    }
  }

  @Test
  void deleteWithdrawsTheMarkerAndEverythingElse() throws Exception {
    try (ArtifactStore store = fileStore()) {
      CompletionMarker.CHECKPOINT.publish(store, "ckpt/step-1", checkpoint("a", 3));
      CompletionMarker.CHECKPOINT.publish(store, "ckpt/step-2", checkpoint("b", 4));

      CompletionMarker.CHECKPOINT.delete(store, "ckpt/step-1");

      assertThat(CompletionMarker.CHECKPOINT.isComplete(store, "ckpt/step-1")).isFalse();
      assertThat(store.list(""))
          .containsExactly(
              "ckpt/step-2/manifest.json", "ckpt/step-2/model.ndlist", "ckpt/step-2/state.json");
    }
  }

  @Test
  void aFailedRepublishLeavesTheArtifactIncompleteNotMixed() throws Exception {
    // v1 is complete on S3; the re-run's upload of a large file fails half way. Without the
    // marker withdrawn first, readers would trust v1's manifest over v2's files.
    try (S3TestServer server = S3TestServer.start();
        var raw = server.client()) {
      raw.createBucket(b -> b.bucket("checkpoints"));
      S3Settings small = server.settings().withMultipart(S3Settings.MIB, 5 * S3Settings.MIB);
      try (ArtifactStore store =
          ArtifactStores.open("s3://checkpoints/run-1", new StoreSettings(tmp, small))) {
        CompletionMarker.CHECKPOINT.publish(store, "step-10", checkpoint("v1", 5));
        Path v2 = checkpoint("v2", 6);
        Files.write(v2.resolve("model.ndlist"), randomBytes((int) (6 * S3Settings.MIB), 7));
        server.failPart(2);

        assertThatThrownBy(() -> CompletionMarker.CHECKPOINT.publish(store, "step-10", v2))
            .isInstanceOf(ArtifactStoreException.class);

        assertThat(CompletionMarker.CHECKPOINT.isComplete(store, "step-10")).isFalse();
        assertThatThrownBy(
                () -> CompletionMarker.CHECKPOINT.fetch(store, "step-10", tmp.resolve("r")))
            .isInstanceOf(IncompleteArtifactException.class)
            .hasMessageContaining("s3://checkpoints/run-1/step-10");

        server.failPart(0);
        CompletionMarker.CHECKPOINT.publish(store, "step-10", v2);
        assertThat(CompletionMarker.CHECKPOINT.isComplete(store, "step-10")).isTrue();
        assertThat(store.stat("step-10/model.ndlist").orElseThrow().sha256())
            .isEqualTo(S3StoreTest.sha256(Files.readAllBytes(v2.resolve("model.ndlist"))));
      }
    }
  }
}
