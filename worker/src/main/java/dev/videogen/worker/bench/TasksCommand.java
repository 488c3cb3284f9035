package dev.videogen.worker.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.api.v1alpha1.spec.ExtendDirection;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.train.Checkpoint;
import dev.videogen.worker.train.Hyperparameters;
import dev.videogen.worker.train.LatentAutoencoder;
import dev.videogen.worker.train.LatentCache;
import dev.videogen.worker.train.TaskMix;
import dev.videogen.worker.train.Trainer;
import dev.videogen.worker.train.TrainingBatch;
import dev.videogen.worker.train.TrainingSizes;
import dev.videogen.worker.vae.CausalVae;
import dev.videogen.worker.vae.LatentSpace;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.vae.VaeWeights;
import dev.videogen.worker.world.SyntheticDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code worker bench tasks}: trains one model on the standard task mix for a time budget (or takes
 * a checkpoint), then measures every task with {@link TaskBenchmark}; prints a table with the
 * acceptance targets and, last, one JSON line.
 */
@Command(
    name = "tasks",
    description = "Train on the task mix, then measure every task (image to video, extend, ...).")
public final class TasksCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ModelOptions model;

  @Option(names = "--minutes", defaultValue = "35", description = "Training time budget.")
  double minutes;

  @Option(names = "--steps", description = "Train exactly this many steps instead.")
  Long fixedSteps;

  @Option(names = "--batch", defaultValue = "8", description = "Clips per step.")
  int batch;

  @Option(names = "--lr", defaultValue = "5e-4", description = "Peak learning rate.")
  double learningRate;

  @Option(names = "--checkpoint", description = "Measure this checkpoint instead of training.")
  Path checkpoint;

  @Option(names = "--samples", defaultValue = "16", description = "Renders per task figure.")
  int samples;

  @Option(names = "--sample-steps", defaultValue = "30", description = "Euler steps per render.")
  int sampleSteps;

  @Option(names = "--guidance", defaultValue = "4", description = "Guidance scale.")
  double guidance;

  @Option(
      names = "--frame-guidance",
      description =
          "Guidance scale of the tasks with given frames (image to video, extend, loop, connect);"
              + " default: --guidance.")
  Double frameGuidance;

  @Option(
      names = "--figures",
      split = ",",
      defaultValue =
          "text_to_video,image,image_to_video,extend_forward,extend_backward,loop,"
              + "connect,edit,framing",
      description = "Figures to measure (default: all).")
  java.util.List<String> only;

  @Option(
      names = "--strengths",
      defaultValue = "0.6,0.7,0.8,0.9",
      split = ",",
      description = "Edit strengths to measure.")
  double[] strengths;

  @Option(names = "--out", defaultValue = "bench-tasks", description = "Checkpoint directory.")
  Path out;

  @Option(
      names = "--autoencoder",
      description =
          "Train on the latents of this autoencoder (bench vae --save), drawn from a cache of"
              + " --latent-cache clips of the size mix; the checkpoint carries it and every task"
              + " renders through it.")
  Path autoencoder;

  @Option(
      names = "--latent-cache",
      defaultValue = "4096",
      description = "With --autoencoder: clips encoded once.")
  int latentCache;

  @Override
  public Integer call() throws Exception {
    PrintWriter log = spec.commandLine().getOut();
    Map<String, Object> result = new LinkedHashMap<>();
    Path trained = checkpoint != null ? checkpoint : train(log, result);
    result.put("checkpoint", trained.toAbsolutePath().toString());
    result.put("sample_steps", sampleSteps);
    result.put("guidance", guidance);
    double framed = frameGuidance != null ? frameGuidance : guidance;
    result.put("frame_guidance", framed);
    result.put("samples_per_figure", samples);
    Map<String, Object> figures = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      PatchDit dit = Checkpoint.loadForSampling(trained, manager);
      LatentSpace latent =
          Checkpoint.latentSpace(trained, manager).map(LatentAutoencoder::space).orElse(null);
      result.put("config", dit.config());
      result.put("latent", latent != null);
      TaskBenchmark bench =
          new TaskBenchmark(
              dit, latent, sampleSteps, guidance, framed, samples, TaskBenchmark.scratch());
      measure(log, figures, "text_to_video", bench::textToVideo);
      measure(log, figures, "image", bench::image);
      measure(log, figures, "image_to_video", bench::imageToVideo);
      measure(log, figures, "extend_forward", () -> bench.extend(ExtendDirection.Forward));
      measure(log, figures, "extend_backward", () -> bench.extend(ExtendDirection.Backward));
      measure(log, figures, "loop", bench::loop);
      measure(log, figures, "connect", bench::connect);
      measure(log, figures, "edit", () -> bench.edit(strengths));
      measure(log, figures, "framing", bench::framing);
    }
    result.put("figures", figures);
    new TaskTable(figures, strengths).print(log);
    log.println(new ObjectMapper().writeValueAsString(result));
    return 0;
  }

  private Path train(PrintWriter log, Map<String, Object> result) throws IOException {
    try (NDManager vaeManager = NDManager.newBaseManager()) {
      LatentAutoencoder latent = autoencoder == null ? null : latent(log, vaeManager);
      return train(log, result, latent);
    }
  }

  /**
   * The autoencoder's latent space, measured on the size mix as the trainer takes it (1 + 4k
   * frames, sides multiples of 8 × the patch).
   */
  private LatentAutoencoder latent(PrintWriter log, NDManager manager) throws IOException {
    CausalVae vae = VaeWeights.load(autoencoder, manager);
    LatentSpace space = LatentSpace.measure(vae, latentSizes(vae.config().latentChannels()), 8, 8);
    log.printf("latent space: shift %.4f, scale %.4f%n", space.shift(), space.scale());
    return new LatentAutoencoder(autoencoder.toString(), space);
  }

  /** The size mix's clips as a model on {@code channels} latent channels takes them. */
  private SyntheticDataset latentSizes(int channels) {
    DitConfig config = model.config(channels);
    return new SyntheticDataset(
        TrainingSizes.forAutoencoder(
            SyntheticDataset.CPU_MIX,
            VaeConfig.SPACE * config.patchH(),
            VaeConfig.SPACE * config.patchW()),
        0);
  }

  private Path train(PrintWriter log, Map<String, Object> result, LatentAutoencoder latent) {
    DitConfig config = model.config(latent == null ? 3 : latent.space().channels());
    TrainingBatch.Source data;
    if (latent == null) {
      data = new SyntheticDataset(SyntheticDataset.CPU_MIX, 0);
    } else {
      long encoding = System.nanoTime();
      LatentCache cache =
          LatentCache.encode(
              latent.space(),
              latentSizes(config.channels()),
              latentCache,
              32,
              0,
              Long.MAX_VALUE,
              () -> false);
      log.printf(
          "latent cache: %d clips of %d sizes in %.1f minutes%n",
          cache.clips(), cache.sizes(), (System.nanoTime() - encoding) / 60e9);
      result.put("latent_cache_clips", cache.clips());
      data = cache;
    }
    long steps;
    if (fixedSteps != null) {
      steps = fixedSteps;
    } else {
      // Measure the step time, then fit the cosine schedule to the budget.
      int probe = 20;
      long start = System.nanoTime();
      try (Trainer t = Trainer.create(config, hyperparameters(1000))) {
        for (long s = 1; s <= probe; s++) {
          t.step(data.batch(s, batch));
        }
      }
      double stepSeconds = (System.nanoTime() - start) / 1e9 / probe;
      steps = Math.max(100, (long) (minutes * 60 / stepSeconds));
      log.printf(
          "%.0f ms/step measured: %d steps for %.0f minutes%n", stepSeconds * 1e3, steps, minutes);
    }
    long started = System.nanoTime();
    double deadline = fixedSteps != null ? Double.MAX_VALUE : 1.1 * minutes * 60;
    double smoothed = 0;
    Path saved;
    try (Trainer trainer = Trainer.create(config, hyperparameters(steps))) {
      if (latent != null) {
        trainer.useLatentSpace(latent); // so that the checkpoint carries the autoencoder
      }
      log.printf(
          "training %,d parameters, task mix %s%n",
          trainer.model().parameterCount(), TaskMix.STANDARD);
      while (trainer.step() < steps && (System.nanoTime() - started) / 1e9 < deadline) {
        Trainer.StepResult r = trainer.step(data.batch(trainer.step() + 1, batch));
        smoothed = r.step() == 1 ? r.loss() : 0.98 * smoothed + 0.02 * r.loss();
        if (r.step() % 250 == 0) {
          log.printf("step %d  loss (smoothed) %.4f%n", r.step(), smoothed);
          log.flush();
        }
      }
      saved = Checkpoint.save(trainer, out.resolve("checkpoints"));
      result.put("train_steps_planned", steps);
      result.put("train_steps", trainer.step());
      result.put("skipped_steps", trainer.skippedSteps());
    }
    result.put("train_minutes", (System.nanoTime() - started) / 60e9);
    result.put("batch", batch);
    result.put("learning_rate", learningRate);
    result.put("final_loss_smoothed", smoothed);
    return saved;
  }

  private Hyperparameters hyperparameters(long steps) {
    return Hyperparameters.defaults(steps)
        .withSteps(steps, Math.min(200, steps / 10))
        .withBatch(batch, learningRate)
        .withTasks(TaskMix.STANDARD);
  }

  /** A figure's computation, which may write and read videos. */
  @FunctionalInterface
  private interface Figure {
    Map<String, Object> compute() throws Exception;
  }

  private void measure(PrintWriter log, Map<String, Object> figures, String name, Figure figure)
      throws Exception {
    if (!only.contains(name)) {
      return;
    }
    long start = System.nanoTime();
    Map<String, Object> values = figure.compute();
    values.put("seconds", (System.nanoTime() - start) / 1e9);
    figures.put(name, values);
    log.printf("%s: %s%n", name, values);
    log.flush();
  }
}
