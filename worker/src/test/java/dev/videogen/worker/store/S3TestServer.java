package dev.videogen.worker.store;

import com.google.common.hash.HashCode;
import java.io.InputStream;
import java.net.URI;
import java.util.function.IntConsumer;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartPart;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server in-process: s3proxy on a random loopback port with an in-memory blob store and a
 * fixed test access key (SigV4 checked). Parts of multipart uploads can be made to fail, or
 * observed while they arrive.
 */
public final class S3TestServer implements AutoCloseable {
  public static final String ACCESS_KEY = "videogen-test-access";
  public static final String SECRET_KEY = "videogen-test-secret-7d41b9";

  private final S3Proxy proxy;
  private final FaultyBlobStore blobStore;
  private final URI endpoint;

  private S3TestServer(S3Proxy proxy, FaultyBlobStore blobStore) {
    this.proxy = proxy;
    this.blobStore = blobStore;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public static S3TestServer start() throws Exception {
    FaultyBlobStore blobStore = new FaultyBlobStore(new TransientNio2BlobStore());
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .build();
    proxy.start(); // Jetty's start() returns once the connector listens
    return new S3TestServer(proxy, blobStore);
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Path-style settings for this server with the test key; the default multipart sizes. */
  public S3Settings settings() {
    return settings(SECRET_KEY);
  }

  S3Settings settings(String secretKey) {
    return new S3Settings(
        endpoint,
        "us-east-1",
        true,
        8 * S3Settings.MIB,
        8 * S3Settings.MIB,
        2,
        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secretKey)));
  }

  /** A client of the test's own, for looking behind the store's back. */
  public S3Client client() {
    S3Settings s = settings();
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(s.credentials())
        .httpClientBuilder(software.amazon.awssdk.http.apache5.Apache5HttpClient.builder())
        .build();
  }

  /** Every upload of part {@code partNumber} fails on the server from now on (0: none). */
  void failPart(int partNumber) {
    blobStore.failingPart = partNumber;
  }

  /** Called on the server with each part number as it arrives, before it is stored. */
  void onPart(IntConsumer observer) {
    blobStore.observer = observer;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the S3 test server", e);
    }
  }

  private static final class FaultyBlobStore extends ForwardingBlobStore {
    volatile int failingPart;
    volatile IntConsumer observer = n -> {};

    FaultyBlobStore(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public MultipartPart uploadMultipartPart(
        MultipartUpload mpu, int partNumber, InputStream is, long contentLength, HashCode md5) {
      observer.accept(partNumber);
      if (partNumber == failingPart) {
        throw new IllegalStateException("injected failure of part " + partNumber);
      }
      return super.uploadMultipartPart(mpu, partNumber, is, contentLength, md5);
    }
  }
}
