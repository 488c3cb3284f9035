package dev.videogen.worker.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where stores find their data: the directory under which pvc:// claims are mounted, and how s3://
 * stores connect. Read from the environment in pods and local runs; built directly in tests.
 *
 * @param pvcRoot claim {@code c} of {@code pvc://c/path} is mounted at {@code pvcRoot/c}
 * @param s3 the S3 settings
 */
public record StoreSettings(Path pvcRoot, S3Settings s3) {
  public static final String PVC_ROOT_ENV = "VIDEOGEN_PVC_ROOT";

  /** Where the operator mounts each claim in a worker pod. */
  public static final Path DEFAULT_PVC_ROOT = Path.of("/var/run/videogen/pvc");

  public static StoreSettings fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  public static StoreSettings fromEnvironment(Map<String, String> env) {
    String root = env.get(PVC_ROOT_ENV);
    Path pvcRoot = root == null || root.isBlank() ? DEFAULT_PVC_ROOT : Path.of(root.trim());
    if (!pvcRoot.isAbsolute()) {
      throw new IllegalArgumentException(PVC_ROOT_ENV + "='" + root + "' must be an absolute path");
    }
    return new StoreSettings(pvcRoot, S3Settings.fromEnvironment(env));
  }
}
