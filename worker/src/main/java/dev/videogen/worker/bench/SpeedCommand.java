package dev.videogen.worker.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.worker.diffusion.EulerSampler;
import dev.videogen.worker.diffusion.SampleInput;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.Flops;
import dev.videogen.worker.model.Patchify;
import dev.videogen.worker.train.Hyperparameters;
import dev.videogen.worker.train.TaskMix;
import dev.videogen.worker.train.Trainer;
import dev.videogen.worker.train.TrainingBatch;
import dev.videogen.worker.vae.LatentSpace;
import dev.videogen.worker.vae.VaeWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@code worker bench speed}: median training-step and sampling time of the patch-DiT for one fixed
 * shape, and the FLOP/s they achieve, as one JSON line (bench/model-core.sh sets it beside a
 * PyTorch reference of the same architecture). With {@code --autoencoder}, the DiT works on that
 * autoencoder's latents of the video shape, and encoding and decoding are timed too (bench/vae.sh
 * sets it beside the pixel-space DiT at the same output size).
 */
@Command(name = "speed", description = "Time training steps and sampling for one model and shape.")
public final class SpeedCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ModelOptions model;

  @Option(names = "--shape", defaultValue = "8,3,8,32,32", split = ",", description = "B,C,T,H,W.")
  long[] shape;

  @Option(names = "--train-steps", defaultValue = "20", description = "Timed training steps.")
  int trainSteps;

  @Option(names = "--sample-steps", defaultValue = "10", description = "Euler steps per sample.")
  int sampleSteps;

  @Option(names = "--sample-repeats", defaultValue = "3", description = "Timed samples.")
  int sampleRepeats;

  @Option(
      names = "--autoencoder",
      description =
          "Time the DiT on the latents of this autoencoder (bench vae --save): --shape is then the"
              + " video's (B,3,1+4k,H,W); encoding a batch and decoding a sample are timed too, and"
              + " the sampling time includes the decode.")
  Path autoencoder;

  @Option(names = "--fps", defaultValue = "8", description = "Frame rate, for tokens per second.")
  double fps;

  @Override
  public Integer call() throws Exception {
    try (NDManager vaeManager = NDManager.newBaseManager()) {
      LatentSpace space =
          autoencoder == null
              ? null
              : new LatentSpace(VaeWeights.load(autoencoder, vaeManager), 0f, 1f);
      Map<String, Object> result = run(space);
      spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(result));
    }
    return 0;
  }

  private Map<String, Object> run(LatentSpace space) {
    Shape video = new Shape(shape);
    Shape s = space == null ? video : space.latentShape(video); // what the DiT sees
    DitConfig config = model.config((int) s.get(1));
    int b = (int) s.get(0);
    int[] grid = Patchify.grid(config, s.get(2), s.get(3), s.get(4));
    long tokens = (long) grid[0] * grid[1] * grid[2];
    Random random = new Random(0);
    float[] values = new float[(int) video.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat() * 2 - 1;
    }
    List<String> prompts = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      prompts.add(randomPrompt(random, 23)); // + BOS = 24 tokens, as in the reference
    }
    TrainingBatch pixels = new TrainingBatch(values, video, prompts);
    TrainingBatch batch = pixels;
    Map<String, Object> result = new LinkedHashMap<>();
    if (space != null) {
      double[] encode = new double[sampleRepeats];
      for (int r = 0; r <= sampleRepeats; r++) { // the first one warms up
        long start = System.nanoTime();
        batch = space.encode(pixels);
        if (r > 0) {
          encode[r - 1] = (System.nanoTime() - start) / 1e9;
        }
      }
      result.put("encode_s", median(encode));
    }

    double[] train = new double[trainSteps];
    try (Trainer trainer =
        Trainer.create(
            config,
            // Text to video only: the reference has no frame conditioning.
            Hyperparameters.defaults(1000).withBatch(b, 1e-4).withTasks(TaskMix.TEXT_ONLY))) {
      for (int i = 0; i < 10; i++) {
        trainer.step(batch); // warm-up: JIT compilation, allocator, kernel selection
      }
      for (int i = 0; i < trainSteps; i++) {
        train[i] = trainer.step(batch).seconds();
      }
      double[] sample = new double[sampleRepeats];
      double[] decode = new double[sampleRepeats];
      Shape one = new Shape(1, s.get(1), s.get(2), s.get(3), s.get(4));
      SamplerSettings settings = new SamplerSettings(sampleSteps, 7.0, 1.0, 0);
      List<String> prompt = prompts.subList(0, 1);
      try (NDManager manager = NDManager.newBaseManager()) {
        for (int r = 0; r <= sampleRepeats; r++) { // the first one warms up
          long start = System.nanoTime();
          if (space == null) {
            EulerSampler.sample(trainer.model(), manager, prompt, one, settings, null).close();
          } else {
            NDArray z =
                EulerSampler.sampleLatents(
                    trainer.model(), manager, prompt, SampleInput.noise(one), settings, null);
            long decoding = System.nanoTime();
            space.decode(z).close();
            if (r > 0) {
              decode[r - 1] = (System.nanoTime() - decoding) / 1e9;
            }
          }
          if (r > 0) {
            sample[r - 1] = (System.nanoTime() - start) / 1e9;
          }
        }
      }
      result.put("implementation", "djl");
      result.put("djl", Engine.getDjlVersion());
      result.put("parameters", trainer.model().parameterCount());
      result.put("tokens", tokens);
      result.put("tokens_per_video_second", tokens / (video.get(2) / fps));
      result.put("train_step_s", median(train));
      result.put("sample_s", median(sample));
      if (space != null) {
        result.put("decode_s", median(decode));
        result.put("latent_shape", s.getShape());
      }
      result.put("video_shape", video.getShape());
      result.put("sample_steps", sampleSteps);
      result.put("train_step_flops", Flops.trainingStep(config, tokens, b));
      result.put("sample_flops", Flops.sampling(config, tokens, sampleSteps, true));
    }
    return result;
  }

  static String randomPrompt(Random random, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append((char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
