package dev.videogen.worker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;

/** The S3 store against a real S3 server (s3proxy, in-process). */
class S3StoreTest {
  private static final long MIB = S3Settings.MIB;
  private static S3TestServer server;
  private static S3Client raw;
  private static int buckets;

  @TempDir Path tmp;
  private String bucket;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3TestServer.start();
    raw = server.client();
  }

  @AfterAll
  static void stopServer() throws Exception {
    raw.close();
    server.close();
  }

  @BeforeEach
  void newBucket() {
    bucket = "videogen-test-" + ++buckets;
    raw.createBucket(b -> b.bucket(bucket));
  }

  @AfterEach
  void noFaults() {
    server.failPart(0);
    server.onPart(n -> {});
  }

  private ArtifactStore open(String path, S3Settings settings) throws Exception {
    return ArtifactStores.open(
        "s3://" + bucket + path, new StoreSettings(tmp.resolve("pvc"), settings));
  }

  private ArtifactStore open(String path) throws Exception {
    return open(path, server.settings());
  }

  @Test
  void roundTripKeepsBytesAndRecordsTheirSha256() throws Exception {
    byte[] bytes = randomBytes(100_000, 1);
    try (ArtifactStore store = open("/runs/job-1")) {
      StoredObject put = store.put("shard-0000/video.mp4", bytes);

      assertThat(put.sha256()).isEqualTo(sha256(bytes));
      assertThat(put.bytes()).isEqualTo(bytes.length);
      assertThat(put.uri()).isEqualTo("s3://" + bucket + "/runs/job-1/shard-0000/video.mp4");
      assertThat(store.stat("shard-0000/video.mp4")).contains(put);
      try (InputStream in = store.open("shard-0000/video.mp4")) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      StoredObject got = store.get("shard-0000/video.mp4", tmp.resolve("local/video.mp4"));
      assertThat(Files.readAllBytes(tmp.resolve("local/video.mp4"))).isEqualTo(bytes);
      assertThat(got.sha256()).isEqualTo(put.sha256());
    }
    // The contract other tools rely on: the object's key under the prefix, and x-amz-meta-sha256.
    var head = raw.headObject(b -> b.bucket(bucket).key("runs/job-1/shard-0000/video.mp4"));
    assertThat(head.metadata()).containsEntry("sha256", sha256(bytes));
  }

  @Test
  void theServerChecksTheSha256SentWithAnUpload() {
    // What the store relies on for verification in transit: a body that does not match the
    // x-amz-checksum-sha256 header is refused, and nothing is stored.
    byte[] bytes = randomBytes(1000, 2);
    byte[] other = randomBytes(1000, 3);
    String wrong = java.util.Base64.getEncoder().encodeToString(digest(other));

    assertThatThrownBy(
            () ->
                raw.putObject(
                    b -> b.bucket(bucket).key("x").checksumSHA256(wrong),
                    RequestBody.fromBytes(bytes)))
        .hasMessageContaining("400");
    assertThat(raw.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
  }

  @Test
  void multipartObjectAppearsOnlyWhenComplete() throws Exception {
    Path file = tmp.resolve("checkpoint.bin");
    byte[] bytes = randomBytes((int) (12 * MIB), 4); // 5 + 5 + 2 MiB parts
    Files.write(file, bytes);
    S3Settings small = server.settings().withMultipart(MIB, 5 * MIB);
    List<Boolean> visibleDuringParts = new CopyOnWriteArrayList<>();
    try (ArtifactStore store = open("/ckpt", small);
        ArtifactStore observer = open("/ckpt")) {
      server.onPart(n -> visibleDuringParts.add(existsQuietly(observer, "step-1/model.bin")));

      StoredObject put = store.put("step-1/model.bin", file);

      assertThat(visibleDuringParts).containsExactly(false, false, false);
      assertThat(put.sha256()).isEqualTo(sha256(bytes));
      assertThat(store.stat("step-1/model.bin").orElseThrow().sha256()).isEqualTo(sha256(bytes));
      try (InputStream in = store.open("step-1/model.bin")) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
    }
    // Uploaded in three parts, each with its sha256: the server reports their composite.
    var head =
        raw.headObject(
            b -> b.bucket(bucket).key("ckpt/step-1/model.bin").checksumMode(ChecksumMode.ENABLED));
    assertThat(head.checksumSHA256()).endsWith("-3");
  }

  @Test
  void aFailedMultipartUploadLeavesNeitherObjectNorOpenUpload() throws Exception {
    Path file = tmp.resolve("big.bin");
    Files.write(file, randomBytes((int) (11 * MIB), 5));
    server.failPart(2);
    try (ArtifactStore store = open("/out", server.settings().withMultipart(MIB, 5 * MIB))) {
      assertThatThrownBy(() -> store.put("video.mp4", file))
          .isInstanceOf(ArtifactStoreException.class)
          .hasMessageContaining("s3://" + bucket + "/out/video.mp4");

      assertThat(store.exists("video.mp4")).isFalse();
      assertThat(store.list("")).isEmpty();
      assertThat(raw.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();

      server.failPart(0); // the re-run succeeds and writes the same key
      assertThat(store.put("video.mp4", file).sha256()).isEqualTo(sha256(Files.readAllBytes(file)));
      assertThat(store.list("")).containsExactly("video.mp4");
    }
  }

  @Test
  void aLargeStreamIsUploadedInPartsWithItsSha256() throws Exception {
    byte[] bytes = randomBytes((int) (6 * MIB), 6);
    List<Integer> parts = new CopyOnWriteArrayList<>();
    server.onPart(parts::add);
    try (ArtifactStore store = open("", server.settings().withMultipart(MIB, 5 * MIB))) {
      StoredObject put = store.put("frames.raw", new ByteArrayInputStream(bytes));

      assertThat(put.sha256()).isEqualTo(sha256(bytes));
      assertThat(put.uri()).isEqualTo("s3://" + bucket + "/frames.raw");
      assertThat(parts).containsExactly(1, 2);
      try (InputStream in = store.open("frames.raw")) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
    }
  }

  @Test
  void listingIsRecursiveSortedAndRelativeToTheRoot() throws Exception {
    try (ArtifactStore store = open("/runs/r1")) {
      for (String key : List.of("b/4", "a/2", "a/b/3", "a/1", "ab/5")) {
        store.put(key, key.getBytes());
      }
      raw.putObject(b -> b.bucket(bucket).key("runs/r1-other/x"), RequestBody.fromString("x"));

      assertThat(store.list("a")).containsExactly("a/1", "a/2", "a/b/3");
      assertThat(store.list("a/")).containsExactly("a/1", "a/2", "a/b/3");
      assertThat(store.list("")).containsExactly("a/1", "a/2", "a/b/3", "ab/5", "b/4");
      assertThat(store.list("missing")).isEmpty();
    }
  }

  @Test
  void aRerunWritesTheSameKeysAndChecksums() throws Exception {
    Path dir = tmp.resolve("shard");
    Files.createDirectories(dir.resolve("frames"));
    Files.write(dir.resolve("frames/0001.png"), randomBytes(5000, 7));
    Files.write(dir.resolve("video.mp4"), randomBytes(20000, 8));
    try (ArtifactStore store = open("/job")) {
      List<StoredObject> first = store.putDirectory("shard-0001", dir);
      List<StoredObject> second = store.putDirectory("shard-0001", dir);

      assertThat(second).isEqualTo(first);
      assertThat(first)
          .extracting(StoredObject::key)
          .containsExactly("shard-0001/frames/0001.png", "shard-0001/video.mp4");
      assertThat(store.list(""))
          .containsExactly("shard-0001/frames/0001.png", "shard-0001/video.mp4");

      Path back = tmp.resolve("back");
      store.getDirectory("shard-0001", back);
      assertThat(Files.readAllBytes(back.resolve("video.mp4")))
          .isEqualTo(Files.readAllBytes(dir.resolve("video.mp4")));
    }
  }

  @Test
  void aCorruptObjectIsNotAcceptedOnRead() throws Exception {
    // Another writer stored bytes whose recorded sha256 is wrong.
    raw.putObject(
        b -> b.bucket(bucket).key("in/image.png").metadata(Map.of("sha256", sha256(new byte[1]))),
        RequestBody.fromBytes(randomBytes(3000, 9)));
    try (ArtifactStore store = open("/in")) {
      Path target = tmp.resolve("image.png");
      assertThatThrownBy(() -> store.get("image.png", target))
          .isInstanceOf(ArtifactStoreException.class)
          .hasMessageContaining("s3://" + bucket + "/in/image.png")
          .hasMessageContaining("sha256");
      assertThat(target).doesNotExist();
      assertThat(tmp).isEmptyDirectory();
    }
  }

  @Test
  void aMissingObjectIsReportedAsSuch() throws Exception {
    try (ArtifactStore store = open("/in")) {
      assertThat(store.exists("nothing")).isFalse();
      assertThat(store.stat("nothing")).isEmpty();
      assertThatThrownBy(() -> store.open("nothing"))
          .isInstanceOf(NoSuchFileException.class)
          .hasMessageContaining("s3://" + bucket + "/in/nothing");
      store.delete("nothing"); // no error
    }
  }

  @Test
  void aMissingBucketSaysSo() throws Exception {
    try (ArtifactStore store =
        ArtifactStores.open(
            "s3://no-such-bucket/x", new StoreSettings(tmp.resolve("pvc"), server.settings()))) {
      assertThatThrownBy(() -> store.put("a", new byte[] {1}))
          .isInstanceOf(ArtifactStoreException.class)
          .hasMessageContaining("NoSuchBucket")
          .hasMessageContaining("s3://no-such-bucket/x/a");
    }
  }

  @Test
  void aWrongSecretKeyGivesAClearErrorWithoutTheSecret() throws Exception {
    String wrongSecret = "wrong-secret-value-0be7";
    try (ArtifactStore store = open("/x", server.settings(wrongSecret))) {
      Throwable thrown = null;
      try {
        store.put("a.txt", "hello".getBytes());
      } catch (ArtifactStoreException e) {
        thrown = e;
      }

      assertThat(thrown).isNotNull();
      assertThat(thrown.getMessage())
          .contains("s3://" + bucket + "/x/a.txt")
          .contains("403 SignatureDoesNotMatch")
          .contains("AWS_SECRET_ACCESS_KEY");
      StringWriter trace = new StringWriter();
      thrown.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain(wrongSecret).doesNotContain(SECRET_KEY_TEXT);
      assertThat(store.toString()).doesNotContain(wrongSecret);
      assertThat(server.settings(wrongSecret).toString()).doesNotContain(wrongSecret);
    }
    assertThat(raw.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
  }

  private static final String SECRET_KEY_TEXT = S3TestServer.SECRET_KEY;

  @Test
  void anUnknownAccessKeyPointsAtItsVariable() throws Exception {
    S3Settings unknown =
        server
            .settings()
            .withCredentials(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        "not-a-known-key", SECRET_KEY_TEXT)));
    try (ArtifactStore store = open("/x", unknown)) {
      assertThatThrownBy(() -> store.list(""))
          .isInstanceOf(ArtifactStoreException.class)
          .hasMessageContaining("listing s3://" + bucket + "/x failed: 403 InvalidAccessKeyId")
          .hasMessageContaining("AWS_ACCESS_KEY_ID")
          .hasMessageNotContaining(SECRET_KEY_TEXT);
    }
  }

  @Test
  void escapingKeysAndUrisAreRejectedBeforeAnyRequest() throws Exception {
    try (ArtifactStore store = open("/x")) {
      assertThatThrownBy(() -> store.put("../y/a", new byte[1]))
          .isInstanceOf(InvalidArtifactUriException.class)
          .hasMessageContaining("escape");
      assertThatThrownBy(() -> store.put("/etc/passwd", new byte[1]))
          .isInstanceOf(InvalidArtifactUriException.class)
          .hasMessageContaining("absolute");
    }
    StoreSettings settings = new StoreSettings(tmp, server.settings());
    assertThatThrownBy(() -> ArtifactStores.open("s3://" + bucket + "/a/%2E%2E/b", settings))
        .isInstanceOf(InvalidArtifactUriException.class)
        .hasMessageContaining("%2e");
    assertThat(raw.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
  }

  private static boolean existsQuietly(ArtifactStore store, String key) {
    try {
      return store.exists(key);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest(bytes));
  }
}
