package dev.videogen.worker.local;

import dev.videogen.api.plan.FrameRange;
import dev.videogen.api.task.RenderTask;
import dev.videogen.worker.task.FrameSize;
import dev.videogen.worker.task.RenderInputs;
import dev.videogen.worker.task.RenderModel;
import dev.videogen.worker.task.ShardFrames;
import dev.videogen.worker.task.ShardRenderer;
import dev.videogen.worker.video.Clip;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A stand-in for the model that can do every kind of task, for testing the runner around it: it
 * paints frame i with the colour of its timeline position ({@link ShardFrames#colour}), and checks
 * that every conditioning frame it is given shows the colour of the position it is given at, so a
 * wrong source, range or anchor is caught. It counts how many renders run at once.
 */
class TimelineRenderer implements ShardRenderer {
  final List<String> problems = new CopyOnWriteArrayList<>();
  final List<String> rendered = new CopyOnWriteArrayList<>();
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger mostAtOnce = new AtomicInteger();

  @Override
  public Optional<String> unsupported(RenderTask task) {
    return Optional.empty();
  }

  @Override
  public Clip render(
      RenderTask task, RenderModel model, FrameSize size, RenderInputs inputs, IntConsumer onStep) {
    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
    try {
      rendered.add(task.id());
      int[] positions =
          task.positions().stream()
              .flatMapToInt(r -> java.util.stream.IntStream.range(r.start(), r.end()))
              .toArray();
      for (RenderInputs.Given given : inputs.given()) {
        FrameRange target = given.conditioning().targetFrames();
        for (int k = 0; k < target.length(); k++) {
          int position = positions[target.start() + k];
          double[] mean = ShardFrames.mean(given.frames(), k);
          int[] expected = ShardFrames.colour(position);
          for (int c = 0; c < 3; c++) {
            if (Math.abs(mean[c] - expected[c]) > 0.5) {
              problems.add(task.id() + ": given frame " + k + " is not timeline frame " + position);
            }
          }
        }
      }
      beforeSteps(task);
      for (int step = 1; step <= task.settings().steps(); step++) {
        onStep.accept(step);
      }
      return ShardFrames.clip(positions, size.width(), size.height(), task.settings().fps());
    } finally {
      running.decrementAndGet();
    }
  }

  /** Called before the sampler steps of each render; tests hook in here. */
  void beforeSteps(RenderTask task) {}
}
