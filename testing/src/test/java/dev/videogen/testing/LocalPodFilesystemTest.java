package dev.videogen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Container paths in a pod's arguments and environment become the agent's local paths. */
class LocalPodFilesystemTest {
  // The agent's root under /tmp, which pods also mount: a rewritten path starts with a mount path.
  private final LocalPodFilesystem fs =
      new LocalPodFilesystem(
          Map.of(
              "/tmp", Path.of("/tmp/agent/pod/volumes/tmp"),
              "/var/run/videogen/task", Path.of("/tmp/agent/pod/volumes/task"),
              "/var/run/videogen", Path.of("/tmp/agent/pod/fs/var/run/videogen")));

  @Test
  void aPathIsRewrittenOnceByItsLongestMount() {
    assertThat(fs.rewrite("/var/run/videogen/task/stage.json"))
        .isEqualTo("/tmp/agent/pod/volumes/task/stage.json");
    assertThat(fs.rewrite("/var/run/videogen/pvc/outputs"))
        .isEqualTo("/tmp/agent/pod/fs/var/run/videogen/pvc/outputs");
    assertThat(fs.rewrite("/tmp/cache")).isEqualTo("/tmp/agent/pod/volumes/tmp/cache");
  }

  @Test
  void pathsInsideLargerValuesAreRewrittenAndOnlyWholeNamesMatch() {
    assertThat(fs.rewrite("--out=/tmp/x --task /var/run/videogen/task/a.json"))
        .isEqualTo("--out=/tmp/agent/pod/volumes/tmp/x --task /tmp/agent/pod/volumes/task/a.json");
    assertThat(fs.rewrite("/tmpfoo/x /tmp.d")).isEqualTo("/tmpfoo/x /tmp.d");
    assertThat(fs.rewrite(null)).isEmpty();
  }
}
