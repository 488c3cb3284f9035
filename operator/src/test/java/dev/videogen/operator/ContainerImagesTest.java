package dev.videogen.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.operator.workload.WorkerPodTemplate;
import dev.videogen.testing.ApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The container build files, read without a container engine (there is none here): every file they
 * copy exists or is what the module's build produces, the images run as a numeric non-root user,
 * and the worker images agree with the pods the operator creates (cache directory, UID). The
 * worker's native library layout itself is tested by the worker's PyTorchNativesLayoutTest.
 */
class ContainerImagesTest {
  static final Path ROOT = ApiServer.repoRoot();
  static final String OPERATOR = "operator/src/main/docker/Dockerfile.jvm";
  static final String WORKER_CPU = "worker/src/main/docker/Dockerfile";
  static final String WORKER_CUDA = "worker/src/main/docker/Dockerfile.cuda";

  /** One instruction: its keyword and the rest of the (joined) line. */
  record Instruction(String keyword, String args) {}

  /** The instructions of a Dockerfile, continuation lines joined, comments dropped. */
  static List<Instruction> parse(Path file) throws IOException {
    List<Instruction> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String raw : Files.readAllLines(file)) {
      String text = raw.strip();
      if (text.startsWith("#") || (text.isEmpty() && line.isEmpty())) {
        continue;
      }
      if (text.endsWith("\\")) {
        line.append(text, 0, text.length() - 1).append(' ');
        continue;
      }
      line.append(text);
      String joined = line.toString().strip();
      line.setLength(0);
      int space = joined.indexOf(' ');
      out.add(
          new Instruction(joined.substring(0, space).toUpperCase(), joined.substring(space + 1)));
    }
    return out;
  }

  /** The instructions of the last stage (the image that ships). */
  static List<Instruction> finalStage(List<Instruction> all) {
    int last = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).keyword().equals("FROM")) {
        last = i;
      }
    }
    return all.subList(last, all.size());
  }

  static List<String> all(List<Instruction> instructions, String keyword) {
    return instructions.stream()
        .filter(i -> i.keyword().equals(keyword))
        .map(Instruction::args)
        .toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {OPERATOR, WORKER_CPU, WORKER_CUDA})
  void theImageRunsAsANumericNonRootUser(String dockerfile) throws IOException {
    List<String> users = all(finalStage(parse(ROOT.resolve(dockerfile))), "USER");
    assertThat(users).as("USER of the final stage of %s", dockerfile).hasSize(1);
    // Kubernetes verifies runAsNonRoot only against a numeric UID.
    assertThat(users.get(0)).matches("[0-9]+(:[0-9]+)?");
    assertThat(Long.parseLong(users.get(0).split(":")[0])).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {OPERATOR, WORKER_CPU, WORKER_CUDA})
  void everyCopiedFileExistsOrIsABuildOutputOfTheModule(String dockerfile) throws IOException {
    Path context = ROOT.resolve(dockerfile.substring(0, dockerfile.indexOf('/')));
    for (String copy : all(parse(ROOT.resolve(dockerfile)), "COPY")) {
      if (copy.startsWith("--from=")) {
        continue; // from an earlier stage
      }
      String[] words = copy.split("\\s+");
      for (int i = 0; i < words.length - 1; i++) { // the last word is the destination
        String source = words[i];
        if (source.startsWith("target/")) {
          assertThat(buildOutputs(context))
              .as("%s copies %s, which the module's build does not produce", dockerfile, source)
              .contains(source);
          if (packaged(context)) {
            assertThat(context.resolve(source.replace("*.jar", "quarkus-run.jar")))
                .as("%s after the module was packaged", source)
                .exists();
          }
        } else {
          assertThat(context.resolve(source)).as("%s copies %s", dockerfile, source).exists();
        }
      }
    }
  }

  /** Whether {@code ./mvnw package} has run for the module (tests run before packaging). */
  static boolean packaged(Path module) {
    return Files.exists(
        module.resolve(
            module.endsWith("operator")
                ? "target/quarkus-app/quarkus-run.jar"
                : "target/videogen-worker.jar"));
  }

  /** What {@code ./mvnw package} leaves under target/ that an image may copy. */
  static List<String> buildOutputs(Path module) throws IOException {
    if (module.endsWith("operator")) {
      // Quarkus's default fast-jar layout; application.properties must not switch it.
      assertThat(Files.readString(module.resolve("src/main/resources/application.properties")))
          .doesNotContain("quarkus.package.jar.type");
      return List.of(
          "target/quarkus-app/lib/",
          "target/quarkus-app/*.jar",
          "target/quarkus-app/app/",
          "target/quarkus-app/quarkus/");
    }
    String pom = Files.readString(module.resolve("pom.xml"));
    assertThat(pom)
        .contains("<finalName>videogen-worker</finalName>")
        .contains("<outputDirectory>${project.build.directory}/lib</outputDirectory>");
    return List.of("target/videogen-worker.jar", "target/lib/");
  }

  @ParameterizedTest
  @ValueSource(strings = {WORKER_CPU, WORKER_CUDA})
  void workerImagesMatchThePodsTheOperatorCreates(String dockerfile) throws IOException {
    List<Instruction> image = finalStage(parse(ROOT.resolve(dockerfile)));
    String cache = WorkerPodTemplate.CACHE_DIR;
    String uid = operatorProperties().getProperty("videogen.worker.run-as-user");

    // The chart's worker.runAsUser owns the cache directory, which pods mount an emptyDir on.
    assertThat(all(image, "USER")).containsExactly(uid + ":" + uid);
    assertThat(all(image, "RUN"))
        .contains("mkdir -p " + cache + " && chown " + uid + ":" + uid + " " + cache);
    String env = String.join(" ", all(image, "ENV"));
    assertThat(env)
        .contains("VIDEOGEN_CACHE=" + cache)
        .contains("DJL_CACHE_DIR=" + cache + "/djl")
        .contains("PYTORCH_LIBRARY_PATH=/opt/videogen/pytorch")
        .contains("DJL_OFFLINE=true");
    // Everything the JVM writes goes to the cache: the root filesystem is read-only.
    String entrypoint = String.join(" ", all(image, "ENTRYPOINT"));
    assertThat(entrypoint)
        .contains("\"-Duser.home=" + cache + "\"")
        .contains("\"-Dorg.bytedeco.javacpp.cachedir=" + cache + "/javacpp\"")
        // The serial collector leaves the cores to PyTorch's threads (docs/model.md, Benchmarks).
        .contains("\"-XX:+UseSerialGC\"")
        .endsWith("\"-jar\", \"/opt/videogen/videogen-worker.jar\"]");
    // The natives stage writes where PYTORCH_LIBRARY_PATH points.
    assertThat(String.join(" ", all(parse(ROOT.resolve(dockerfile)), "RUN")))
        .contains("extract-pytorch-natives.sh")
        .contains(" /opt/videogen/pytorch");
  }

  @Test
  void operatorImageExposesTheHttpPortOfTheProbes() throws IOException {
    List<Instruction> image = finalStage(parse(ROOT.resolve(OPERATOR)));
    assertThat(all(image, "EXPOSE"))
        .containsExactly(operatorProperties().getProperty("quarkus.http.port"));
    assertThat(String.join(" ", all(image, "ENTRYPOINT")))
        .endsWith("\"-jar\", \"/deployments/quarkus-run.jar\"]");
  }

  private static Properties operatorProperties() throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        Files.newInputStream(ROOT.resolve("operator/src/main/resources/application.properties"))) {
      properties.load(in);
    }
    return properties;
  }
}
