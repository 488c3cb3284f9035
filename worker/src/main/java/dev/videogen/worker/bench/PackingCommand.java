package dev.videogen.worker.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.PackedSequence;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.model.TextBatch;
import dev.videogen.worker.world.SyntheticDataset;
import java.util.ArrayList;
import java.util.Comparator;
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
 * {@code worker bench packing}: the same clips of the synthetic world's size mix trained (forward
 * and backward) as size buckets, one batch per size, and as packed sequences with block-diagonal
 * attention; prints the time per pass over the clips for each, as one JSON line.
 */
@Command(
    name = "packing",
    description = "Size buckets vs packed sequences over the synthetic world's size mix.")
public final class PackingCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ModelOptions model;

  @Option(names = "--per-bucket", defaultValue = "8", description = "Clips of each size.")
  int perBucket;

  @Option(
      names = "--pack-tokens",
      defaultValue = "2048",
      description = "Most tokens in one packed sequence.")
  int packTokens;

  @Option(names = "--repeats", defaultValue = "3", description = "Timed passes of each way.")
  int repeats;

  /** One clip: its shape (1, C, T, H, W) and token count. */
  private record Item(Shape shape, int tokens) {}

  @Override
  public Integer call() throws Exception {
    DitConfig config = model.config(3);
    List<Item> items = new ArrayList<>();
    for (SyntheticDataset.Bucket b : SyntheticDataset.CPU_MIX) {
      long padded = (b.frames() + config.patchT() - 1) / config.patchT() * config.patchT();
      int tokens =
          (int)
              (padded
                  / config.patchT()
                  * (b.height() / config.patchH())
                  * (b.width() / config.patchW()));
      for (int i = 0; i < perBucket; i++) {
        items.add(new Item(new Shape(1, 3, b.frames(), b.height(), b.width()), tokens));
      }
    }
    List<List<Item>> packs = pack(items, packTokens);
    Engine.getInstance().setRandomSeed(0);
    Map<String, Object> result = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      PatchDit dit = PatchDit.create(config, manager);
      ParameterStore ps = new ParameterStore(manager, false);
      Random random = new Random(0);
      double[] buckets = new double[repeats];
      double[] packed = new double[repeats];
      for (int r = -1; r < repeats; r++) { // r = -1 warms up both
        long start = System.nanoTime();
        for (SyntheticDataset.Bucket b : SyntheticDataset.CPU_MIX) {
          try (NDManager scope = manager.newSubManager()) {
            Shape shape = new Shape(perBucket, 3, b.frames(), b.height(), b.width());
            NDArray video = scope.randomUniform(-1, 1, shape);
            TextBatch text = TextBatch.of(scope, prompts(random, perBucket), 48);
            NDArray t = scope.randomUniform(0, 1, new Shape(perBucket));
            try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
              g.backward(dit.velocity(ps, video, t, text, true).square().mean());
            }
          }
          zeroGradients(dit);
        }
        double bucketSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        for (List<Item> pack : packs) {
          try (NDManager scope = manager.newSubManager()) {
            List<NDArray> videos = new ArrayList<>();
            for (Item item : pack) {
              videos.add(scope.randomUniform(-1, 1, item.shape()));
            }
            TextBatch text = TextBatch.of(scope, prompts(random, pack.size()), 48);
            NDArray t = scope.randomUniform(0, 1, new Shape(pack.size()));
            try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
              List<NDArray> v = PackedSequence.velocity(dit, ps, videos, t, text, null, true);
              NDArray loss = v.get(0).square().sum();
              for (int i = 1; i < v.size(); i++) {
                loss = loss.add(v.get(i).square().sum());
              }
              g.backward(loss);
            }
          }
          zeroGradients(dit);
        }
        double packedSeconds = (System.nanoTime() - start) / 1e9;
        if (r >= 0) {
          buckets[r] = bucketSeconds;
          packed[r] = packedSeconds;
        }
      }
      int tokens = items.stream().mapToInt(Item::tokens).sum();
      result.put("config", config);
      result.put("clips", items.size());
      result.put("tokens", tokens);
      result.put("buckets", SyntheticDataset.CPU_MIX.size());
      result.put("packs", packs.size());
      result.put("pack_tokens", packTokens);
      result.put("bucket_pass_s", SpeedCommand.median(buckets));
      result.put("packed_pass_s", SpeedCommand.median(packed));
      result.put("bucket_tokens_per_s", tokens / SpeedCommand.median(buckets));
      result.put("packed_tokens_per_s", tokens / SpeedCommand.median(packed));
      result.put(
          "packed_vs_bucket_time", SpeedCommand.median(packed) / SpeedCommand.median(buckets));
    }
    spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(result));
    return 0;
  }

  /** First-fit decreasing: clips into sequences of at most {@code budget} tokens. */
  private static List<List<Item>> pack(List<Item> items, int budget) {
    List<Item> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparingInt(Item::tokens).reversed());
    List<List<Item>> packs = new ArrayList<>();
    List<Integer> used = new ArrayList<>();
    for (Item item : sorted) {
      int target = -1;
      for (int i = 0; i < packs.size() && target < 0; i++) {
        if (used.get(i) + item.tokens() <= budget) {
          target = i;
        }
      }
      if (target < 0) {
        packs.add(new ArrayList<>());
        used.add(0);
        target = packs.size() - 1;
      }
      packs.get(target).add(item);
      used.set(target, used.get(target) + item.tokens());
    }
    return packs;
  }

  private static List<String> prompts(Random random, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(SpeedCommand.randomPrompt(random, 23));
    }
    return out;
  }

  private static void zeroGradients(PatchDit dit) {
    for (Parameter p : dit.trainableParameters()) {
      ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p.getArray());
    }
  }
}
