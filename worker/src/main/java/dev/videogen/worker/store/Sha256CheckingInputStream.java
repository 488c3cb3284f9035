package dev.videogen.worker.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a stream through and, at its end, compares the SHA-256 of everything read with the one the
 * store recorded, so a reader that reaches the end never silently accepts corrupt bytes.
 */
final class Sha256CheckingInputStream extends FilterInputStream {
  private final MessageDigest digest = Sha256.newDigest();
  private final String expected;
  private final String uri;
  private boolean checked;

  Sha256CheckingInputStream(InputStream in, String expectedSha256, String uri) {
    super(in);
    this.expected = expectedSha256;
    this.uri = uri;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      check();
    } else {
      digest.update((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n < 0) {
      check();
    } else {
      digest.update(buffer, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must still be digested for the check at the end to mean anything.
    byte[] buffer = new byte[(int) Math.min(n, 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void check() throws IOException {
    if (checked) {
      return;
    }
    checked = true;
    String actual = Sha256.hex(digest.digest());
    if (!actual.equals(expected)) {
      throw new ArtifactStoreException(
          uri
              + ": the bytes read have sha256 "
              + actual
              + " but the store recorded "
              + expected
              + " (corrupt or replaced while reading)");
    }
  }
}
