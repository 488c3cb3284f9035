package dev.videogen.worker.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.train.Hyperparameters;
import dev.videogen.worker.train.Trainer;
import dev.videogen.worker.train.TrainingBatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code worker bench memory}: trains for thousands of steps over a mix of clip sizes and records
 * the live NDArrays and the process's resident memory, to show both stop growing after warm-up.
 */
@Command(name = "memory", description = "Live NDArrays and RSS over a long training run.")
public final class MemoryCommand implements Callable<Integer> {
  /** Clip sizes (T, H, W) trained in turn, as a multi-size data mix would. */
  private static final int[][] SIZES = {
    {8, 32, 32}, {4, 32, 48}, {8, 48, 32}, {1, 32, 32}, {6, 16, 64}
  };

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ModelOptions model;

  @Option(names = "--steps", defaultValue = "2000", description = "Training steps.")
  int steps;

  @Option(names = "--every", defaultValue = "100", description = "Steps between readings.")
  int every;

  @Option(names = "--batch", defaultValue = "4", description = "Clips per step.")
  int batch;

  @Override
  public Integer call() throws IOException {
    DitConfig config = model.config(3);
    PrintWriter out = spec.commandLine().getOut();
    List<Map<String, Object>> readings = new ArrayList<>();
    Random random = new Random(0);
    try (Trainer trainer =
        Trainer.create(config, Hyperparameters.defaults(steps).withBatch(batch, 3e-4))) {
      NDManager manager = trainer.manager();
      for (int step = 1; step <= steps; step++) {
        int[] size = SIZES[step % SIZES.length];
        trainer.step(batch(random, size));
        if (step % every == 0) {
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("step", step);
          r.put("live_ndarrays", manager.getManagedArrays().size());
          r.put("rss_mb", residentMegabytes());
          readings.add(r);
          out.printf(
              "step %5d  live NDArrays %5d  RSS %7.1f MB%n",
              step, r.get("live_ndarrays"), r.get("rss_mb"));
        }
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("steps", steps);
    result.put("readings", readings);
    // Over the second half: NDArray count range and RSS growth per 1000 steps (the first half
    // holds the allocator's and the JVM heap's warm-up).
    List<Map<String, Object>> late = readings.subList(readings.size() / 2, readings.size());
    result.put(
        "live_ndarrays_min_after_warmup",
        late.stream().mapToInt(r -> (int) r.get("live_ndarrays")).min().orElse(0));
    result.put(
        "live_ndarrays_max_after_warmup",
        late.stream().mapToInt(r -> (int) r.get("live_ndarrays")).max().orElse(0));
    result.put("rss_mb_per_1000_steps_after_warmup", slopePer1000(late));
    out.println(new ObjectMapper().writeValueAsString(result));
    return 0;
  }

  private TrainingBatch batch(Random random, int[] size) {
    Shape shape = new Shape(batch, 3, size[0], size[1], size[2]);
    float[] video = new float[(int) shape.size()];
    for (int i = 0; i < video.length; i++) {
      video[i] = random.nextFloat() * 2 - 1;
    }
    List<String> prompts = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      prompts.add(SpeedCommand.randomPrompt(random, 10 + random.nextInt(20)));
    }
    return new TrainingBatch(video, shape, prompts);
  }

  /** Least-squares slope of RSS against step, per 1000 steps. */
  static double slopePer1000(List<Map<String, Object>> readings) {
    int n = readings.size();
    if (n < 2) {
      return 0;
    }
    double mx = 0;
    double my = 0;
    for (var r : readings) {
      mx += ((Number) r.get("step")).doubleValue() / n;
      my += ((Number) r.get("rss_mb")).doubleValue() / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (var r : readings) {
      double dx = ((Number) r.get("step")).doubleValue() - mx;
      sxy += dx * (((Number) r.get("rss_mb")).doubleValue() - my);
      sxx += dx * dx;
    }
    return sxx == 0 ? 0 : 1000 * sxy / sxx;
  }

  /** VmRSS of this process from /proc (Linux), in MB; -1 where /proc is missing. */
  static double residentMegabytes() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return -1;
  }
}
