package dev.videogen.worker.task;

import dev.videogen.worker.store.ArtifactKey;
import dev.videogen.worker.store.StoreUri;

/**
 * An artifact URI split into the store that holds it and its name there: {@code
 * s3://videos/jobs/a/video.mp4} is {@code video.mp4} in the store {@code s3://videos/jobs/a}. A
 * file artifact is written and read as that key of its parent; a frame directory is a store of its
 * own, its URI.
 *
 * @param uri the artifact's URI, checked
 * @param parent the URI of the directory or prefix that holds it
 * @param name its last segment, a valid key
 */
record ArtifactAddress(String uri, String parent, String name) {
  /**
   * Splits {@code uri}.
   *
   * @throws TaskFailure (permanent) if the URI is invalid or has no parent below its root
   */
  static ArtifactAddress of(String uri, String field) {
    String checked;
    try {
      checked = StoreUri.parse(uri).toString();
    } catch (IllegalArgumentException e) {
      throw TaskFailure.permanent(TaskFailure.INVALID_TASK, field + ": " + e.getMessage(), e);
    }
    int slash = checked.lastIndexOf('/');
    String parent = checked.substring(0, slash);
    String name = checked.substring(slash + 1);
    if (parent.endsWith(":/") || parent.endsWith("://") || name.isEmpty()) {
      throw TaskFailure.permanent(
          TaskFailure.INVALID_TASK,
          field + " " + checked + " names no file or directory below the store's root");
    }
    try {
      ArtifactKey.check(name);
    } catch (IllegalArgumentException e) {
      throw TaskFailure.permanent(TaskFailure.INVALID_TASK, field + ": " + e.getMessage(), e);
    }
    return new ArtifactAddress(checked, parent, name);
  }
}
