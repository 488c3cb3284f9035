package dev.videogen.api.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.videogen.api.v1alpha1.spec.ShardingStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The planner benchmark (bench/planner.sh): for a few durations, frame rates and maxParallel
 * values, the critical path (frames rendered one after another) and the total frames rendered of
 * Single, Sequential and KeyframesThenFill, and how long planning takes. Prints a table, writes
 * JSON to the path given, and exits with 1 if the acceptance check fails: at 60 s, 8 fps,
 * maxParallel 8, KeyframesThenFill's critical path is at most a quarter of Sequential's.
 */
public final class PlannerBenchmark {
  private record Case(double seconds, int fps, int maxParallel) {}

  public static void main(String[] args) throws Exception {
    List<Case> cases =
        List.of(
            new Case(10, 8, 8),
            new Case(60, 8, 1),
            new Case(60, 8, 4),
            new Case(60, 8, 8),
            new Case(60, 8, 32),
            new Case(120, 8, 8),
            new Case(600, 8, 8),
            new Case(600, 8, 64),
            new Case(60, 24, 8),
            new Case(600, 60, 64));
    List<Map<String, Object>> rows = new ArrayList<>();
    System.out.printf(
        "%-18s %7s | %-22s | %-22s | %-30s | %6s | %s%n",
        "case",
        "frames",
        "Single path/rendered",
        "Sequential path/rend.",
        "KeyframesThenFill path/rend. stg",
        "ratio",
        "Auto");
    Map<String, Object> acceptance = null;
    for (Case c : cases) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("seconds", c.seconds());
      row.put("fps", c.fps());
      row.put("maxParallel", c.maxParallel());
      Map<ShardingStrategy, Plan> plans = new LinkedHashMap<>();
      for (ShardingStrategy strategy : ShardingStrategy.values()) {
        Plan plan = spec(c, strategy).plan();
        plans.put(strategy, plan);
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("strategy", plan.strategy().name());
        numbers.put("stages", plan.stages().size());
        numbers.put("shards", plan.shards().size());
        numbers.put("criticalPathFrames", plan.criticalPathFrames());
        numbers.put("renderedFrames", plan.renderedFrames());
        numbers.put("planMillis", planMillis(spec(c, strategy)));
        row.put(strategy.name(), numbers);
      }
      row.put("frames", plans.get(ShardingStrategy.Single).timeline().frames());
      Plan single = plans.get(ShardingStrategy.Single);
      Plan sequential = plans.get(ShardingStrategy.Sequential);
      Plan keyframes = plans.get(ShardingStrategy.KeyframesThenFill);
      double ratio = (double) keyframes.criticalPathFrames() / sequential.criticalPathFrames();
      row.put("keyframesToSequentialCriticalPath", round(ratio));
      rows.add(row);
      System.out.printf(
          "%4.0fs %2dfps mp%-4d %7d | %10d/%-11d | %10d/%-10d | %10d/%-10d %3d st | %6.3f | %s%n",
          c.seconds(),
          c.fps(),
          c.maxParallel(),
          single.timeline().frames(),
          single.criticalPathFrames(),
          single.renderedFrames(),
          sequential.criticalPathFrames(),
          sequential.renderedFrames(),
          keyframes.criticalPathFrames(),
          keyframes.renderedFrames(),
          keyframes.stages().size(),
          ratio,
          plans.get(ShardingStrategy.Auto).strategy());
      if (c.equals(new Case(60, 8, 8))) {
        acceptance = new LinkedHashMap<>();
        acceptance.put(
            "check", "KeyframesThenFill critical path <= 1/4 of Sequential's at 60 s, 8 fps, mp 8");
        acceptance.put("ratio", round(ratio));
        acceptance.put("passed", ratio <= 0.25);
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put(
        "description",
        "Critical path = frames rendered one after another (stages in order, each with"
            + " min(shards, maxParallel) pods); rendered = frames rendered by all shards."
            + " Defaults: segments of 4 s, overlap 4 frames. Single renders the whole video in one"
            + " pod (no memory bound).");
    result.put("acceptance", acceptance);
    result.put("cases", rows);
    Path out = Path.of(args.length > 0 ? args[0] : "bench/results/planner.json");
    Files.createDirectories(out.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
    System.out.println("acceptance: " + acceptance);
    System.out.println("wrote " + out);
    if (!Boolean.TRUE.equals(acceptance.get("passed"))) {
      System.exit(1);
    }
  }

  private static Specs spec(Case c, ShardingStrategy strategy) {
    return Specs.textToVideo(c.seconds(), c.fps()).maxParallel(c.maxParallel()).strategy(strategy);
  }

  // Median of 7 runs after 3 warm-up runs.
  private static double planMillis(Specs spec) {
    double[] times = new double[10];
    for (int i = 0; i < times.length; i++) {
      long start = System.nanoTime();
      spec.plan();
      times[i] = (System.nanoTime() - start) / 1e6;
    }
    double[] measured = Arrays.copyOfRange(times, 3, times.length);
    Arrays.sort(measured);
    return round(measured[measured.length / 2]);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
