package dev.videogen.worker.local;

import dev.videogen.api.task.RenderTask;
import dev.videogen.api.task.StageDocument;
import dev.videogen.api.task.StitchTask;
import dev.videogen.api.task.TaskDocument;
import dev.videogen.worker.Progress;
import dev.videogen.worker.task.TaskListener;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * One progress bar for a stage whose shards run in parallel: sampler steps (and stitch inputs) done
 * over all of the stage's shards.
 */
final class StageProgress implements TaskListener {
  private final PrintWriter out;
  private final Progress bar;
  private final Map<String, Integer> done = new HashMap<>();
  private final String stage;
  private long sum;

  StageProgress(PrintWriter out, StageDocument document) {
    this.out = out;
    this.stage = document.stage();
    long total = 0;
    for (int i = 0; i < document.tasks().size(); i++) {
      TaskDocument task = document.task(i);
      if (task instanceof RenderTask render) {
        total += render.settings().steps();
      } else if (task instanceof StitchTask stitch) {
        total += stitch.inputs().size();
      }
    }
    this.bar = new Progress(out, Math.max(1, total), 0);
  }

  @Override
  public synchronized void step(String taskId, int steps, int total) {
    int previous = done.getOrDefault(taskId, 0);
    done.put(taskId, steps);
    sum += steps - previous;
    bar.update(sum, stage);
  }

  @Override
  public synchronized void note(String taskId, String message) {
    out.printf("  %s: %s%n", taskId, message);
  }

  synchronized void done() {
    bar.done();
  }
}
