package dev.videogen.worker.store;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One object uploaded in parts. The object appears only when CompleteMultipartUpload succeeds; any
 * failure before that aborts the upload, so neither an object nor an open upload (whose parts the
 * bucket would keep paying for) is left behind. Every part carries its sha256, which the server
 * checks, and the whole object's sha256 is stored as metadata from the start.
 */
final class S3MultipartUpload {
  private final S3Client client;
  private final String bucket;
  private final String objectKey;
  private final String uri;

  S3MultipartUpload(S3Client client, String bucket, String objectKey, String uri) {
    this.client = client;
    this.bucket = bucket;
    this.objectKey = objectKey;
    this.uri = uri;
  }

  /** The part size for {@code size} bytes: at least {@code partSize}, and few enough parts. */
  static long partSize(long size, long partSize) {
    long needed = (size + S3Settings.MAX_PARTS - 1) / S3Settings.MAX_PARTS;
    long mib = S3Settings.MIB;
    return Math.max(partSize, (needed + mib - 1) / mib * mib);
  }

  /**
   * Uploads {@code size} bytes from {@code in}, whose sha256 the caller computed beforehand (it
   * must be in the metadata before the first part); the bytes are hashed again as they go, and a
   * source that changed meanwhile fails the upload.
   */
  void upload(InputStream in, long size, byte[] sha256, long partSize) throws IOException {
    String uploadId;
    try {
      uploadId =
          client
              .createMultipartUpload(
                  b ->
                      b.bucket(bucket)
                          .key(objectKey)
                          .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                          .metadata(Map.of(S3Store.SHA256_METADATA, Sha256.hex(sha256))))
              .uploadId();
    } catch (SdkException e) {
      throw S3Errors.describe("starting the upload of", uri, e);
    }
    try {
      complete(uploadId, uploadParts(uploadId, in, size, sha256, partSize(size, partSize)));
    } catch (ChecksumMismatch e) {
      deleteCompleted(e); // the upload was completed, so there is nothing left to abort
      throw e;
    } catch (IOException | RuntimeException | Error e) {
      abort(uploadId, e);
      if (e instanceof SdkException sdk) {
        throw S3Errors.describe("uploading", uri, sdk);
      }
      throw e;
    }
  }

  /** The parts and their composite checksum: base64(sha256(part sha256s)) + "-" + count. */
  private record Parts(List<CompletedPart> list, String composite) {}

  /** The server completed the object but reports other bytes than were sent. */
  private static final class ChecksumMismatch extends ArtifactStoreException {
    private static final long serialVersionUID = 1L;

    ChecksumMismatch(String message) {
      super(message);
    }
  }

  private Parts uploadParts(
      String uploadId, InputStream in, long size, byte[] sha256, long partSize) throws IOException {
    MessageDigest whole = Sha256.newDigest();
    MessageDigest partDigests = Sha256.newDigest();
    List<CompletedPart> parts = new ArrayList<>();
    byte[] buffer = new byte[(int) Math.min(partSize, size)];
    long sent = 0;
    for (int number = 1; sent < size; number++) {
      int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, size - sent));
      if (n == 0 && sent < size) {
        throw new ArtifactStoreException(
            uri + ": the source ended after " + sent + " of " + size + " bytes while uploading");
      }
      byte[] partSha256 = Sha256.of(buffer, 0, n);
      whole.update(buffer, 0, n);
      partDigests.update(partSha256);
      String checksum = Sha256.base64(partSha256);
      int partNumber = number;
      UploadPartResponse response =
          client.uploadPart(
              b ->
                  b.bucket(bucket)
                      .key(objectKey)
                      .uploadId(uploadId)
                      .partNumber(partNumber)
                      .contentLength((long) n)
                      .checksumSHA256(checksum),
              RequestBody.fromBytes(Arrays.copyOf(buffer, n)));
      parts.add(
          CompletedPart.builder()
              .partNumber(partNumber)
              .eTag(response.eTag())
              .checksumSHA256(checksum)
              .build());
      sent += n;
    }
    if (in.read() >= 0 || !Arrays.equals(whole.digest(), sha256)) {
      throw new ArtifactStoreException(
          uri + ": the source changed while it was uploaded (its sha256 or size differs)");
    }
    return new Parts(parts, Sha256.base64(partDigests.digest()) + "-" + parts.size());
  }

  private void complete(String uploadId, Parts parts) throws IOException {
    CompleteMultipartUploadResponse response =
        client.completeMultipartUpload(
            b ->
                b.bucket(bucket)
                    .key(objectKey)
                    .uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts.list())));
    // A server that reports the composite checksum (sha256 of the parts' sha256s) is checked too.
    String reported = response.checksumSHA256();
    String expected = parts.composite();
    if (reported != null && !reported.equals(expected) && !expected.startsWith(reported)) {
      throw new ChecksumMismatch(
          uri
              + ": the server reports checksum "
              + reported
              + " for the parts, expected "
              + expected);
    }
  }

  private void deleteCompleted(Throwable failure) {
    try {
      client.deleteObject(b -> b.bucket(bucket).key(objectKey));
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private void abort(String uploadId, Throwable failure) {
    try {
      client.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
