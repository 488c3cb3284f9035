package dev.videogen.worker.task;

import dev.videogen.api.plan.FrameAnchor;
import dev.videogen.api.task.StitchInput;
import dev.videogen.api.task.StitchTask;
import dev.videogen.api.task.TaskResult;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.VideoEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one Stitch task: reads the given frames of each input (PNG frame directories of earlier
 * shards, or whole input videos) in order, joins them and encodes the result. Like a render, it
 * reuses a complete output made from the same task and the same input digests.
 */
final class StitchTaskRun {
  private final StitchTask task;
  private final TaskContext cx;

  StitchTaskRun(StitchTask task, TaskContext cx) {
    this.task = task;
    this.cx = cx;
  }

  TaskContext.Produced run() throws IOException {
    Map<String, ArtifactFrames> sources = new LinkedHashMap<>();
    try (OutputTarget out = OutputTarget.open(task.output(), cx.stores())) {
      List<String> inputs = new ArrayList<>();
      for (StitchInput input : task.inputs()) {
        cx.openSource(sources, input.uri(), "inputs.uri", inputs);
      }
      String fingerprint = TaskContext.fingerprint(task, inputs);
      Optional<TaskContext.Produced> done =
          cx.reused(task.id(), task.output().uri(), out, fingerprint);
      if (done.isPresent()) {
        return done.get();
      }
      List<Clip> pieces = new ArrayList<>();
      for (int i = 0; i < task.inputs().size(); i++) {
        cx.checkCancelled(task.id());
        StitchInput input = task.inputs().get(i);
        pieces.add(
            cx.clock()
                .time(
                    TaskClock.Phase.LOAD,
                    () ->
                        sources
                            .get(input.uri())
                            .read(input.frames(), FrameAnchor.Start, task.fps())));
        cx.listener().step(task.id(), i + 1, task.inputs().size());
      }
      Clip joined = Clips.join(pieces, task.fps());
      if (!out.directory()) {
        try {
          VideoEncoder.check(
              out.fileFormat(), joined.frames(), joined.width(), joined.height(), task.fps());
        } catch (IllegalArgumentException e) {
          throw TaskFailure.permanent(
              TaskFailure.INVALID_TASK, "output " + task.output().uri() + ": " + e.getMessage(), e);
        }
      }
      cx.checkCancelled(task.id());
      out.withdraw();
      var artifact = out.write(joined, cx.scratch(), cx.clock());
      cx.checkCancelled(task.id());
      out.seal(
          new OutputReceipt(
              fingerprint,
              TaskResult.succeeded(task.id(), List.of(artifact), cx.clock().timings())));
      return new TaskContext.Produced(artifact, false);
    } finally {
      for (ArtifactFrames source : sources.values()) {
        source.close();
      }
    }
  }
}
