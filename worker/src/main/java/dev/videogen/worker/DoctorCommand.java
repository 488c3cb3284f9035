package dev.videogen.worker;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.LibUtils;
import dev.videogen.worker.video.Ffmpeg;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code worker doctor}: loads the PyTorch engine offline (from the Maven-packaged natives, or the
 * directory {@code PYTORCH_LIBRARY_PATH} names, as in the container images), says where its
 * libraries came from, names the devices it sees, and measures dense matmul throughput on the
 * default device, the ceiling that training and sampling figures are reported against; then loads
 * FFmpeg and names its encoders.
 */
@Command(
    name = "doctor",
    description =
        "Check the DJL PyTorch engine, list devices, measure matmul throughput and check FFmpeg.")
final class DoctorCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--size",
      defaultValue = "1024",
      description = "Side of the square matrices multiplied (default ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--repeats",
      defaultValue = "5",
      description = "Timed multiplications; the median is reported (default ${DEFAULT-VALUE}).")
  int repeats;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Engine engine = Engine.getEngine("PyTorch");
    Device device = engine.defaultDevice();
    out.printf(
        "engine: %s %s (DJL %s), offline=%s%n",
        engine.getEngineName(),
        engine.getVersion(),
        Engine.getDjlVersion(),
        System.getProperty("ai.djl.offline"));
    // Where DJL found libtorch: its extraction cache, or PYTORCH_LIBRARY_PATH (docs/containers.md).
    out.printf("libtorch: %s%n", LibUtils.getLibtorchPath());
    out.printf("devices: default %s, %d GPU(s)%n", device, engine.getGpuCount());
    double gflops = matmulGflops(engine, device);
    out.printf(
        "matmul: %dx%d fp32 on %s: %.1f GFLOP/s (median of %d)%n",
        size, size, device, gflops, repeats);
    out.printf(
        "ffmpeg: %s (%s), H.264 by %s, VP9 by %s%n",
        Ffmpeg.version(),
        Ffmpeg.license(),
        Ffmpeg.H264_ENCODER == null ? "none" : Ffmpeg.H264_ENCODER,
        Ffmpeg.hasEncoder("libvpx-vp9") ? "libvpx-vp9" : "none");
    return 0;
  }

  /** Median GFLOP/s of {@code repeats} multiplications of two random size x size matrices. */
  double matmulGflops(Engine engine, Device device) {
    double[] seconds = new double[repeats];
    try (NDManager manager = engine.newBaseManager(device)) {
      NDArray a = manager.randomNormal(new Shape(size, size), DataType.FLOAT32);
      NDArray b = manager.randomNormal(new Shape(size, size), DataType.FLOAT32);
      // The first multiplication pays for kernel selection and thread start-up: not timed.
      try (NDArray warmup = a.matMul(b)) {
        warmup.getFloat(0, 0);
      }
      for (int i = 0; i < repeats; i++) {
        long start = System.nanoTime();
        try (NDArray c = a.matMul(b)) {
          c.getFloat(0, 0); // reading a value waits for the computation to finish
          seconds[i] = (System.nanoTime() - start) / 1e9;
        }
      }
    }
    Arrays.sort(seconds);
    double median = seconds[repeats / 2];
    return 2.0 * size * size * size / median / 1e9;
  }
}
