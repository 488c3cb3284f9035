package dev.videogen.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch layout of the worker images ({@code worker/src/main/docker}), built here without a
 * container engine: {@code extract-pytorch-natives.sh} lays the natives out as the Dockerfiles do,
 * and the worker, with {@code PYTORCH_LIBRARY_PATH} pointing there and no native jar on its class
 * path, loads PyTorch offline and writes nothing into DJL's cache (the image's root filesystem is
 * read-only).
 */
class PyTorchNativesLayoutTest {
  static final Path SCRIPT = Path.of("src/main/docker/extract-pytorch-natives.sh");

  @TempDir Path dir;

  @Test
  void theWorkerLoadsPyTorchFromTheExtractedDirectoryAndExtractsNothing() throws Exception {
    Path lib = libDir();
    Path out = dir.resolve("pytorch");
    String log = script("jar", lib.toString(), out.toString());

    assertThat(log).contains("PyTorch natives (cpu, linux-x86_64)");
    assertThat(out.resolve("libtorch.so")).exists();
    assertThat(out.resolve("libdjl_torch.so")).exists();
    try (Stream<Path> left = Files.list(lib)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("the native jar is gone; its libraries are in %s", out)
          .noneMatch(n -> n.startsWith("pytorch-native-"))
          .anyMatch(n -> n.startsWith("pytorch-jni-"));
    }

    Path cache = dir.resolve("djl-cache");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("javacpp"));
    command.add("-cp");
    command.add(classPathWithoutNativeJar());
    command.add(WorkerCli.class.getName());
    command.addAll(List.of("doctor", "--size", "64", "--repeats", "1"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PYTORCH_LIBRARY_PATH", out.toString());
    builder.environment().put("PYTORCH_FLAVOR", "cpu");
    builder.environment().put("DJL_CACHE_DIR", cache.toString());
    builder.environment().remove("ENGINE_CACHE_DIR");
    Process doctor = builder.start();
    String output = new String(doctor.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(doctor.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();

    assertThat(doctor.exitValue()).as(output).isZero();
    assertThat(output).contains("engine: PyTorch 2.7.1").contains("libtorch: " + out);
    assertThat(cache).as("DJL extracted nothing: " + output).doesNotExist();
  }

  @Test
  void aLibTorchZipGivesTheSameLayoutWithoutItsTestAndStaticLibraries() throws Exception {
    // Shaped like PyTorch's LibTorch download (libtorch/lib/...), made of the CPU natives plus
    // files DJL must not see: it loads every shared library of the directory.
    Path natives = dir.resolve("cpu");
    script("jar", libDir().toString(), natives.toString());
    Path zip = dir.resolve("libtorch-test.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.setLevel(Deflater.NO_COMPRESSION);
      for (String name : List.of("libc10.so", "libtorch.so", "libtorch_cpu.so")) {
        z.putNextEntry(new ZipEntry("libtorch/lib/" + name));
        Files.copy(natives.resolve(name), z);
      }
      for (String junk :
          List.of(
              "libtorch/lib/libshm.so",
              "libtorch/lib/libjitbackend_test.so",
              "libtorch/lib/libtorch_python.so",
              "libtorch/lib/libc10.a",
              "libtorch/include/torch/torch.h")) {
        z.putNextEntry(new ZipEntry(junk));
        z.write("not for DJL".getBytes(StandardCharsets.UTF_8));
      }
    }

    Path out = dir.resolve("from-zip");
    script("libtorch", zip.toString(), libDir().toString(), out.toString(), "cpu");

    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "libc10.so", "libtorch.so", "libtorch_cpu.so", "libdjl_torch.so");
    }
    assertThat(Files.mismatch(out.resolve("libdjl_torch.so"), natives.resolve("libdjl_torch.so")))
        .as("the JNI library of the asked flavor")
        .isEqualTo(-1L);
  }

  @Test
  void aFlavorWithoutAJniLibraryFailsTheBuildWithItsName() throws Exception {
    Path lib = libDir();
    Path zip = dir.resolve("empty.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new ZipEntry("libtorch/lib/libtorch.so"));
      z.write(1);
    }
    Process p = scriptProcess("libtorch", zip.toString(), lib.toString(), "out", "cu999");
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(output).contains("no JNI library for flavor cu999");
  }

  /** A copy of the jars the worker's target/lib holds for PyTorch. */
  private Path libDir() throws IOException, URISyntaxException {
    Path lib = Files.createDirectories(dir.resolve("lib-" + System.nanoTime()));
    for (String resource : List.of("native/lib/pytorch.properties", "jnilib/pytorch.properties")) {
      Path jar = jarOf(resource);
      Files.copy(jar, lib.resolve(jar.getFileName()));
    }
    return lib;
  }

  /** The jar on this class path that holds {@code resource}. */
  private static Path jarOf(String resource) throws URISyntaxException {
    URL url = PyTorchNativesLayoutTest.class.getClassLoader().getResource(resource);
    assertThat(url).as(resource + " on the class path").isNotNull();
    String jar = url.toString().substring("jar:".length(), url.toString().indexOf("!/"));
    return Path.of(new java.net.URI(jar));
  }

  private static String classPathWithoutNativeJar() throws URISyntaxException {
    String nativeJar = jarOf("native/lib/pytorch.properties").toString();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(classPath.split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).toAbsolutePath().toString().equals(nativeJar))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private Process scriptProcess(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.directory(dir.toFile()); // relative paths in args resolve here
    // The script runs the JDK's jar tool, as in the image build stage.
    Map<String, String> env = builder.environment();
    env.put(
        "PATH",
        Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + env.get("PATH"));
    builder.command().set(1, SCRIPT.toAbsolutePath().toString());
    return builder.start();
  }

  private String script(String... args) throws Exception {
    Process p = scriptProcess(args);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }
}
