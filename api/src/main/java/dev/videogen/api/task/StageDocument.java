package dev.videogen.api.task;

import java.util.List;

/**
 * The task JSON of one stage: the file the stage's ConfigMap holds ({@link #FILE_NAME}), mounted
 * into every pod of the stage's Indexed Job. Pod i runs {@code tasks[i]}, i being its completion
 * index; settings shared by the Render tasks are written once, here.
 */
public record StageDocument(String stage, RenderSettings settings, List<TaskDocument> tasks) {
  /** Key of the document in the stage's ConfigMap, and its file name in the pod. */
  public static final String FILE_NAME = "stage.json";

  public StageDocument {
    Checks.text(stage, "stage");
    if (tasks == null || tasks.isEmpty()) {
      throw new IllegalArgumentException("stage " + stage + ": tasks must not be empty");
    }
    tasks = List.copyOf(tasks);
  }

  /**
   * The task of the pod with this completion index, complete with the shared settings.
   *
   * @throws IllegalArgumentException if there is no such task, or a Render task has no settings
   */
  public TaskDocument task(int completionIndex) {
    if (completionIndex < 0 || completionIndex >= tasks.size()) {
      throw new IllegalArgumentException(
          "stage "
              + stage
              + " has tasks 0 to "
              + (tasks.size() - 1)
              + ", no task for completion index "
              + completionIndex);
    }
    TaskDocument task = tasks.get(completionIndex);
    if (task instanceof RenderTask render) {
      if (render.settings() == null && settings == null) {
        throw new IllegalArgumentException(
            "stage " + stage + ": task " + render.id() + " has no settings and the stage none");
      }
      return render.withDefaultSettings(settings);
    }
    return task;
  }
}
