package dev.videogen.api.v1alpha1.status;

/** Lifecycle phase shown in {@code kubectl get}; conditions carry the reasons. */
public enum Phase {
  Pending,
  Running,
  Succeeded,
  Failed,
  Suspended;

  /** True for phases that never change again. */
  public boolean isFinal() {
    return this == Succeeded || this == Failed;
  }
}
