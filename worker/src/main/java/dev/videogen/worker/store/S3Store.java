package dev.videogen.worker.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A store under {@code s3://bucket/prefix}. Objects below the multipart threshold go up in one PUT,
 * larger ones in parts ({@link S3MultipartUpload}); either way the object becomes visible whole or
 * not at all. Each upload sends its sha256 ({@code x-amz-checksum-sha256}), which the server
 * checks, and records it as user metadata {@code x-amz-meta-sha256}, which {@link #stat} and reads
 * use.
 */
final class S3Store implements ArtifactStore {
  /** The user-metadata name of an object's sha256 (hex), sent as {@code x-amz-meta-sha256}. */
  static final String SHA256_METADATA = "sha256";

  private final StoreUri uri;
  private final S3Client client;
  private final S3Settings settings;

  S3Store(StoreUri uri, S3Client client, S3Settings settings) {
    this.uri = uri;
    this.client = client;
    this.settings = settings;
  }

  /** Opens {@code uri} with a client of its own, closed with the store. */
  static S3Store connect(StoreUri uri, S3Settings settings) throws ArtifactStoreException {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(Apache5HttpClient.builder())
            .credentialsProvider(settings.credentials())
            .forcePathStyle(settings.pathStyle())
            // Checksums are ours (sha256, sent explicitly): no CRC trailers that S3-compatible
            // servers may not understand.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(
                o -> o.retryStrategy(r -> r.maxAttempts(settings.maxAttempts())));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    builder.region(region(uri, settings));
    try {
      return new S3Store(uri, builder.build(), settings);
    } catch (SdkException e) {
      throw S3Errors.describe("opening", uri.toString(), e);
    }
  }

  /** The configured region, else the SDK's (profile, instance metadata), else a clear error. */
  private static Region region(StoreUri uri, S3Settings settings) throws ArtifactStoreException {
    if (settings.region() != null) {
      return Region.of(settings.region());
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkException e) {
      throw new ArtifactStoreException(
          "cannot open " + uri + ": no AWS region; set " + S3Settings.REGION_ENV, e);
    }
  }

  @Override
  public String uri() {
    return uri.toString();
  }

  @Override
  public String uri(String key) {
    return uri.child(ArtifactKey.check(key));
  }

  @Override
  public StoredObject put(String key, Path file) throws IOException {
    String objectKey = objectKey(key);
    long size = Files.size(file);
    byte[] sha256 = Sha256.of(file);
    if (size < settings.multipartThreshold()) {
      return putSingle(key, objectKey, RequestBody.fromFile(file), size, sha256);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return putParts(key, objectKey, in, size, sha256);
    }
  }

  @Override
  public StoredObject put(String key, byte[] bytes) throws IOException {
    String objectKey = objectKey(key);
    byte[] sha256 = Sha256.of(bytes, 0, bytes.length);
    if (bytes.length < settings.multipartThreshold()) {
      return putSingle(key, objectKey, RequestBody.fromBytes(bytes), bytes.length, sha256);
    }
    return putParts(key, objectKey, new ByteArrayInputStream(bytes), bytes.length, sha256);
  }

  @Override
  public StoredObject put(String key, InputStream in) throws IOException {
    ArtifactKey.check(key); // before reading anything
    // The sha256 goes out before the bytes, so an upload needs its source twice: a small one is
    // held in memory, a larger one spooled to a temporary file.
    byte[] head = in.readNBytes((int) settings.multipartThreshold());
    int next = head.length < settings.multipartThreshold() ? -1 : in.read();
    if (next < 0) {
      return put(key, head);
    }
    Path spool = Files.createTempFile("videogen-upload-", ".partial");
    try {
      try (OutputStream out = Files.newOutputStream(spool)) {
        out.write(head);
        out.write(next);
        in.transferTo(out);
      }
      return put(key, spool);
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    String objectKey = objectKey(key);
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = client.getObject(b -> b.bucket(uri.authority()).key(objectKey));
    } catch (SdkException e) {
      throw notFoundOr("reading", key, e);
    }
    String sha256 = in.response().metadata().get(SHA256_METADATA);
    return sha256 == null ? in : new Sha256CheckingInputStream(in, sha256, uri(key));
  }

  @Override
  public StoredObject get(String key, Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Files.createDirectories(target.getParent());
    try (InputStream in = open(key)) {
      AtomicWrite.Result written = AtomicWrite.replace(target, in);
      return new StoredObject(key, uri(key), written.bytes(), written.sha256());
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    return stat(key).isPresent();
  }

  @Override
  public Optional<StoredObject> stat(String key) throws IOException {
    String objectKey = objectKey(key);
    HeadObjectResponse head;
    try {
      head = client.headObject(b -> b.bucket(uri.authority()).key(objectKey));
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        return Optional.empty();
      }
      throw S3Errors.describe("reading", uri(key), e);
    }
    return Optional.of(
        new StoredObject(
            key, uri(key), head.contentLength(), head.metadata().get(SHA256_METADATA)));
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    String p = ArtifactKey.checkPrefix(prefix);
    String rootPrefix = uri.path().isEmpty() ? "" : uri.path() + "/";
    String listed = p.isEmpty() ? rootPrefix : rootPrefix + p + "/";
    List<String> keys = new ArrayList<>();
    try {
      for (S3Object object :
          client.listObjectsV2Paginator(b -> b.bucket(uri.authority()).prefix(listed)).contents()) {
        String key = object.key().substring(rootPrefix.length());
        if (ArtifactKey.isValid(key)) {
          keys.add(key);
        }
      }
    } catch (SdkException e) {
      throw S3Errors.describe("listing", uri + (p.isEmpty() ? "" : "/" + p), e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public void delete(String key) throws IOException {
    String objectKey = objectKey(key);
    try {
      client.deleteObject(b -> b.bucket(uri.authority()).key(objectKey));
    } catch (SdkException e) {
      throw S3Errors.describe("deleting", uri(key), e);
    }
  }

  @Override
  public void close() {
    client.close();
  }

  /** The bucket and prefix only: the client and its credentials stay out of logs. */
  @Override
  public String toString() {
    return "S3Store[" + uri + ", " + settings + "]";
  }

  private StoredObject putSingle(
      String key, String objectKey, RequestBody body, long size, byte[] sha256) throws IOException {
    String checksum = Sha256.base64(sha256);
    PutObjectResponse response;
    try {
      response =
          client.putObject(
              b ->
                  b.bucket(uri.authority())
                      .key(objectKey)
                      .contentLength(size)
                      .checksumSHA256(checksum)
                      .metadata(Map.of(SHA256_METADATA, Sha256.hex(sha256))),
              body);
    } catch (SdkException e) {
      throw S3Errors.describe("writing", uri(key), e);
    }
    if (response.checksumSHA256() != null && !response.checksumSHA256().equals(checksum)) {
      delete(key);
      throw new ArtifactStoreException(
          uri(key)
              + ": the server stored sha256 "
              + response.checksumSHA256()
              + ", sent "
              + checksum);
    }
    return new StoredObject(key, uri(key), size, Sha256.hex(sha256));
  }

  private StoredObject putParts(
      String key, String objectKey, InputStream in, long size, byte[] sha256) throws IOException {
    new S3MultipartUpload(client, uri.authority(), objectKey, uri(key))
        .upload(in, size, sha256, settings.partSize());
    return new StoredObject(key, uri(key), size, Sha256.hex(sha256));
  }

  private IOException notFoundOr(String action, String key, SdkException e) {
    if (S3Errors.isNotFound(e)) {
      NoSuchFileException missing = new NoSuchFileException(uri(key), null, "no such object");
      missing.initCause(e);
      return missing;
    }
    return S3Errors.describe(action, uri(key), e);
  }

  private String objectKey(String key) {
    ArtifactKey.check(key);
    return uri.path().isEmpty() ? key : uri.path() + "/" + key;
  }
}
