package dev.videogen.worker.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.worker.analysis.Adherence;
import dev.videogen.worker.analysis.VideoAnalyzer;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.diffusion.TextToVideo;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.model.Patchify;
import dev.videogen.worker.train.Checkpoint;
import dev.videogen.worker.train.Hyperparameters;
import dev.videogen.worker.train.LatentCache;
import dev.videogen.worker.train.TaskMix;
import dev.videogen.worker.train.Trainer;
import dev.videogen.worker.train.TrainingBatch;
import dev.videogen.worker.vae.LatentSpace;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.vae.VaeWeights;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.FrameStrip;
import dev.videogen.worker.world.Caption;
import dev.videogen.worker.world.ClipSpec;
import dev.videogen.worker.world.SyntheticDataset;
import dev.videogen.worker.world.SyntheticWorld;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code worker bench quality}: trains on the synthetic world for a time budget, then renders the
 * held-out (colour, shape, direction) combinations and scores them with the analyzer: colour, shape
 * and direction accuracy, and flicker beside that of real synthetic clips of the same prompts.
 */
@Command(name = "quality", description = "Train for a time budget, then score held-out prompts.")
public final class QualityCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ModelOptions model;

  @Option(names = "--minutes", defaultValue = "30", description = "Training time budget.")
  double minutes;

  @Option(
      names = "--steps",
      description =
          "Train exactly this many steps instead of a time budget (results then do not depend on"
              + " how busy the machine is).")
  Long fixedSteps;

  @Option(names = "--batch", defaultValue = "8", description = "Clips per step.")
  int batch;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate.")
  double learningRate;

  @Option(names = "--samples", defaultValue = "48", description = "Held-out videos to score.")
  int samples;

  @Option(
      names = "--seen",
      defaultValue = "24",
      description = "Videos of combinations seen in training to score beside the held-out ones.")
  int seenSamples;

  @Option(names = "--guidance", defaultValue = "4", description = "Guidance scale.")
  double guidance;

  @Option(
      names = "--tasks",
      defaultValue = "text",
      description =
          "text: text to video only (what this benchmark scores); mix: the standard task mix of"
              + " frame conditioning (every task from one checkpoint, as worker train does).")
  String tasks;

  @Option(
      names = "--sizes",
      defaultValue = "scored",
      description =
          "scored: train at the scored size (8 frames of 32x32); mix: every size bucket of the CPU"
              + " mix (native sizes, slower per step).")
  String sizes;

  @Option(
      names = "--fps",
      defaultValue = "8",
      description = "Frame rate of the scored size (8 frames of 32x32) and of its training bucket.")
  double fps;

  @Option(
      names = "--autoencoder",
      description =
          "Train and sample in the latent space of this autoencoder (bench vae --save): 9-frame"
              + " clips (1 + 4k), latents decoded for scoring.")
  Path autoencoder;

  @Option(
      names = "--latent-pool",
      defaultValue = "4096",
      description =
          "With --autoencoder: encode this many clips once and train on them (0: encode every"
              + " batch afresh).")
  int latentPool;

  @Option(names = "--out", defaultValue = "quality", description = "Checkpoints and sample strips.")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter log = spec.commandLine().getOut();
    try (NDManager vaeManager = NDManager.newBaseManager()) {
      LatentSpace space = null;
      if (autoencoder != null) {
        space =
            LatentSpace.measure(
                VaeWeights.load(autoencoder, vaeManager),
                new SyntheticDataset(List.of(new SyntheticDataset.Bucket(9, 32, 32, fps)), 99),
                8,
                8);
        log.printf("latent space: shift %.4f, scale %.4f%n", space.shift(), space.scale());
      }
      return run(log, space);
    }
  }

  private int run(PrintWriter log, LatentSpace space) throws Exception {
    int frames = space == null ? 8 : 9;
    DitConfig config = model.config(space == null ? 3 : space.channels());
    // Tokens the transformer sees per scored clip: pixels (8, 32, 32) or latents (3, 4, 4).
    int[] grid =
        space == null
            ? Patchify.grid(config, frames, 32, 32)
            : Patchify.grid(config, VaeConfig.latentFrames(frames), 4, 4);
    int tokens = grid[0] * grid[1] * grid[2];
    SyntheticDataset videos =
        new SyntheticDataset(
            switch (sizes) {
              case "scored" -> List.of(new SyntheticDataset.Bucket(frames, 32, 32, fps));
              case "mix" -> SyntheticDataset.CPU_MIX;
              default -> throw new IllegalArgumentException("--sizes is scored or mix: " + sizes);
            },
            0);
    TrainingBatch.Source data;
    if (space == null) {
      data = videos;
    } else {
      long encodeStart = System.nanoTime();
      data =
          latentPool > 0
              ? LatentCache.encode(space, videos, latentPool, 32, 0, Long.MAX_VALUE, () -> false)
              : space.over(videos);
      log.printf(
          "encoded a pool of %d clips in %.1f minutes%n",
          latentPool, (System.nanoTime() - encodeStart) / 60e9);
    }
    TaskMix mix =
        switch (tasks) {
          case "text" -> TaskMix.TEXT_ONLY;
          case "mix" -> TaskMix.STANDARD;
          default -> throw new IllegalArgumentException("--tasks is text or mix: " + tasks);
        };
    // Measure the step time first, then fit the cosine schedule to the budget.
    long probeSteps = 20;
    double stepSeconds;
    try (Trainer probe =
        Trainer.create(
            config, Hyperparameters.defaults(1000).withBatch(batch, learningRate).withTasks(mix))) {
      long start = System.nanoTime();
      for (long s = 1; s <= probeSteps; s++) {
        probe.step(data.batch(s, batch));
      }
      stepSeconds = (System.nanoTime() - start) / 1e9 / probeSteps;
    }
    long steps =
        fixedSteps != null ? fixedSteps : Math.max(100, (long) (minutes * 60 / stepSeconds));
    Hyperparameters hp =
        Hyperparameters.defaults(steps)
            .withSteps(steps, Math.min(200, steps / 10))
            .withBatch(batch, learningRate)
            .withTasks(mix);
    log.printf(
        "training %d steps (%.0f ms/step measured) for %.0f minutes%n",
        steps, stepSeconds * 1000, minutes);
    long trainStart = System.nanoTime();
    double lastLoss = 0;
    Path checkpoint;
    try (Trainer trainer = Trainer.create(config, hp)) {
      while (trainer.step() < steps) {
        Trainer.StepResult r = trainer.step(data.batch(trainer.step() + 1, batch));
        lastLoss = 0.98 * lastLoss + 0.02 * r.loss();
        if (r.step() % 500 == 0) {
          log.printf("step %d  loss (smoothed) %.4f%n", r.step(), lastLoss);
          log.flush();
        }
      }
      checkpoint = Checkpoint.save(trainer, out.resolve("checkpoints"));
    }
    double trainMinutes = (System.nanoTime() - trainStart) / 60e9;

    Score heldOut;
    Score seen;
    try (NDManager manager = NDManager.newBaseManager()) {
      PatchDit ema = Checkpoint.loadForSampling(checkpoint, manager);
      SplittableRandom random = new SplittableRandom(2024);
      List<ClipSpec> heldOutClips = new ArrayList<>();
      for (int i = 0; i < samples; i++) {
        heldOutClips.add(SyntheticWorld.sampleHeldOut(random, 32, 32, frames, fps));
      }
      heldOut = score(ema, space, heldOutClips, out.resolve("samples"));
      List<ClipSpec> seenClips = new ArrayList<>();
      for (int i = 0; i < seenSamples; i++) {
        seenClips.add(SyntheticWorld.sampleTraining(random, 32, 32, frames, fps));
      }
      seen = score(ema, space, seenClips, out.resolve("samples-seen"));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("config", config);
    result.put("train_steps", steps);
    result.put("train_minutes", trainMinutes);
    result.put("batch", batch);
    result.put("learning_rate", learningRate);
    result.put("tasks", tasks);
    result.put("sizes", sizes);
    result.put("fps", fps);
    result.put("frames", frames);
    result.put("latent", space != null);
    result.put("final_loss_smoothed", lastLoss);
    result.put("train_step_seconds", trainMinutes * 60 / steps);
    result.put("tokens_per_clip", tokens);
    result.put("held_out_samples", samples);
    result.put("colour_accuracy", heldOut.accuracy(heldOut.colour));
    result.put("shape_accuracy", heldOut.accuracy(heldOut.shape));
    result.put("direction_accuracy", heldOut.accuracy(heldOut.direction));
    result.put("flicker_generated", heldOut.flicker);
    result.put("flicker_real", heldOut.realFlicker);
    result.put("flicker_ratio", heldOut.flickerRatio());
    result.put("sample_seconds_median", heldOut.medianSampleSeconds());
    result.put("samples", heldOut.rows);
    // The same scores on combinations seen in training: the gap to the held-out ones is what
    // compositional generalisation costs; both low means the model has not learnt the attribute.
    result.put("seen_samples", seenSamples);
    result.put("seen_colour_accuracy", seen.accuracy(seen.colour));
    result.put("seen_shape_accuracy", seen.accuracy(seen.shape));
    result.put("seen_direction_accuracy", seen.accuracy(seen.direction));
    result.put("seen_flicker_ratio", seen.flickerRatio());
    log.println(new ObjectMapper().writeValueAsString(result));
    return 0;
  }

  /** Renders each clip's canonical prompt and scores it; writes the first 12 as frame strips. */
  private Score score(PatchDit ema, LatentSpace space, List<ClipSpec> truths, Path strips)
      throws Exception {
    Score s = new Score(truths.size());
    for (int i = 0; i < truths.size(); i++) {
      ClipSpec truth = truths.get(i);
      String prompt = Caption.canonical(truth);
      SamplerSettings settings = new SamplerSettings(30, guidance, 0, i);
      long started = System.nanoTime();
      Clip clip =
          space == null
              ? TextToVideo.render(
                      ema, List.of(prompt), 32, 32, truth.frames(), fps, settings, null)
                  .get(0)
              : space
                  .render(ema, List.of(prompt), 32, 32, truth.frames(), fps, settings, null)
                  .get(0);
      s.sampleSeconds.add((System.nanoTime() - started) / 1e9);
      Adherence a = Adherence.of(prompt, clip);
      s.colour += Boolean.TRUE.equals(a.colour()) ? 1 : 0;
      s.shape += Boolean.TRUE.equals(a.shape()) ? 1 : 0;
      s.direction += Boolean.TRUE.equals(a.direction()) ? 1 : 0;
      s.flicker += a.analysis().flicker() / truths.size();
      s.realFlicker += VideoAnalyzer.flicker(SyntheticWorld.render(truth)) / truths.size();
      if (i < 12) {
        FrameStrip.write(clip, strips.resolve(String.format("%02d.png", i)));
      }
      s.rows.add(
          Map.of(
              "prompt",
              prompt,
              "colour",
              String.valueOf(a.colour()),
              "shape",
              String.valueOf(a.shape()),
              "direction",
              String.valueOf(a.direction())));
    }
    return s;
  }

  /** Counts of correct attributes and mean flicker over scored clips. */
  private static final class Score {
    final int count;
    final List<Map<String, Object>> rows = new ArrayList<>();
    final List<Double> sampleSeconds = new ArrayList<>();
    int colour;
    int shape;
    int direction;
    double flicker;
    double realFlicker;

    Score(int count) {
      this.count = count;
    }

    double accuracy(int correct) {
      return count == 0 ? 0 : correct / (double) count;
    }

    /** Median seconds to render one clip (30 guided steps, and the decode in latent space). */
    double medianSampleSeconds() {
      List<Double> sorted = new ArrayList<>(sampleSeconds);
      java.util.Collections.sort(sorted);
      return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    double flickerRatio() {
      return realFlicker == 0 ? 0 : flicker / realFlicker;
    }
  }
}
