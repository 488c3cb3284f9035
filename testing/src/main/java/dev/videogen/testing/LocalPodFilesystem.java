package dev.videogen.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a container would see of its volumes, laid out in a local directory for a process: each
 * volume is a directory (ConfigMap and Secret keys as files, emptyDir empty, a
 * PersistentVolumeClaim one directory per claim shared by every pod), and {@code fs/} mirrors the
 * container's mount points as symbolic links. A process cannot see mount paths, so paths in its
 * command, args and environment are rewritten: each mount path to its volume, and each mount path's
 * parent directory (two levels deep or more, e.g. {@code /var/run/videogen/pvc}) to its mirror in
 * {@code fs/}, where the mounts below it appear as links.
 */
final class LocalPodFilesystem {
  private final Map<String, Path> rewrites;

  LocalPodFilesystem(Map<String, Path> rewrites) {
    this.rewrites = rewrites;
  }

  /**
   * Materialises the volumes of {@code container} under {@code dir}; {@code claimDir} maps
   * (namespace, claim) to the claim's directory. The termination message path maps to {@code
   * terminationFile}.
   */
  static LocalPodFilesystem create(
      KubernetesClient client,
      Pod pod,
      Container container,
      Path dir,
      BiFunction<String, String, Path> claimDir,
      Path terminationFile)
      throws IOException {
    String ns = pod.getMetadata().getNamespace();
    Map<String, Path> volumes = new LinkedHashMap<>();
    for (Volume volume : pod.getSpec().getVolumes()) {
      Path local = dir.resolve("volumes").resolve(volume.getName());
      if (volume.getConfigMap() != null) {
        ConfigMap cm =
            client.configMaps().inNamespace(ns).withName(volume.getConfigMap().getName()).get();
        writeFiles(local, cm == null ? Map.of() : cm.getData());
      } else if (volume.getSecret() != null) {
        Secret secret =
            client.secrets().inNamespace(ns).withName(volume.getSecret().getSecretName()).get();
        writeFiles(local, decode(secret));
      } else if (volume.getPersistentVolumeClaim() != null) {
        local = claimDir.apply(ns, volume.getPersistentVolumeClaim().getClaimName());
      } else if (volume.getProjected() != null) {
        writeFiles(local, ProjectedVolume.files(client, pod, volume.getProjected()));
      } else if (volume.getEmptyDir() == null) {
        continue; // host paths and others: not needed by local processes
      }
      Files.createDirectories(local);
      volumes.put(volume.getName(), local);
    }
    Map<String, Path> mounts = new LinkedHashMap<>();
    if (container.getVolumeMounts() != null) {
      for (VolumeMount mount : container.getVolumeMounts()) {
        Path local = volumes.get(mount.getName());
        if (local != null) {
          mounts.put(
              mount.getMountPath(),
              mount.getSubPath() == null ? local : local.resolve(mount.getSubPath()));
        }
      }
    }
    String terminationPath =
        container.getTerminationMessagePath() != null
            ? container.getTerminationMessagePath()
            : "/dev/termination-log";
    mounts.put(terminationPath, terminationFile);
    Files.createDirectories(dir);

    Path fs = dir.resolve("fs");
    Map<String, Path> rewrites = new LinkedHashMap<>(mounts);
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      Path link = fs.resolve(mount.getKey().substring(1));
      Files.createDirectories(link.getParent());
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, mount.getValue());
      String parent = Path.of(mount.getKey()).getParent().toString();
      if (Path.of(parent).getNameCount() >= 2) {
        rewrites.putIfAbsent(parent, fs.resolve(parent.substring(1)));
      }
    }
    return new LocalPodFilesystem(rewrites);
  }

  /**
   * {@code value} with container paths replaced by local ones, in one pass (longest path first at
   * each place), so that a local path is never rewritten again: the agent's root may itself lie
   * under a mounted path such as /tmp. A path matches only whole (/tmp, not /tmpfoo).
   */
  String rewrite(String value) {
    if (value == null) {
      return "";
    }
    if (rewrites.isEmpty()) {
      return value;
    }
    List<String> paths = new ArrayList<>(rewrites.keySet());
    paths.sort(Comparator.comparingInt(String::length).reversed());
    StringBuilder alternatives = new StringBuilder();
    for (String path : paths) {
      alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(path));
    }
    Matcher m = Pattern.compile("(" + alternatives + ")(?![\\w.-])").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(rewrites.get(m.group(1)).toString()));
    }
    m.appendTail(out);
    return out.toString();
  }

  static Map<String, String> decode(Secret secret) {
    Map<String, String> decoded = new LinkedHashMap<>();
    if (secret != null && secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  decoded.put(
                      k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret != null && secret.getStringData() != null) {
      decoded.putAll(secret.getStringData());
    }
    return decoded;
  }

  private static void writeFiles(Path dir, Map<String, String> files) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }
  }
}
