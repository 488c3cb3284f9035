package dev.videogen.worker.video;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A clip as one PNG: its frames side by side, left to right (one frame: the image itself). Written
 * with the JDK's own PNG encoder to a temporary file and moved into place, so a partial image never
 * appears under the final name.
 */
public final class FrameStrip {
  private FrameStrip() {}

  public static void write(Clip clip, Path file) throws IOException {
    AtomicFile.write(file, partial -> writePng(clip, partial));
  }

  /** Writes the strip to {@code file} directly (the caller makes it atomic). */
  static void writePng(Clip clip, Path file) throws IOException {
    int w = clip.width();
    int h = clip.height();
    BufferedImage image = new BufferedImage(w * clip.frames(), h, BufferedImage.TYPE_INT_RGB);
    for (int t = 0; t < clip.frames(); t++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int r = byteOf(clip.get(t, y, x, 0));
          int g = byteOf(clip.get(t, y, x, 1));
          int b = byteOf(clip.get(t, y, x, 2));
          image.setRGB(t * w + x, y, (r << 16) | (g << 8) | b);
        }
      }
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG encoder in this JDK");
    }
  }

  /** Reads a strip of {@code frames} equal-width frames back into a clip. */
  public static Clip read(Path file, int frames, double fps) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) {
      throw new IOException(file + " is not an image");
    }
    if (image.getWidth() % frames != 0) {
      throw new IOException(file + " is " + image.getWidth() + " wide: not " + frames + " frames");
    }
    int w = image.getWidth() / frames;
    int h = image.getHeight();
    Clip clip = Clip.blank(frames, h, w, fps);
    for (int t = 0; t < frames; t++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int rgb = image.getRGB(t * w + x, y);
          int i = clip.index(t, y, x, 0);
          clip.rgb()[i] = ((rgb >> 16) & 0xff) / 255f;
          clip.rgb()[i + 1] = ((rgb >> 8) & 0xff) / 255f;
          clip.rgb()[i + 2] = (rgb & 0xff) / 255f;
        }
      }
    }
    return clip;
  }

  /** A value in [0, 1] (clamped) as 0–255, rounded to nearest. */
  static int byteOf(float v) {
    return Math.round(Math.max(0f, Math.min(1f, v)) * 255);
  }
}
