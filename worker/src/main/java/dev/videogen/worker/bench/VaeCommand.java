package dev.videogen.worker.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.worker.analysis.Adherence;
import dev.videogen.worker.analysis.Psnr;
import dev.videogen.worker.analysis.Ssim;
import dev.videogen.worker.analysis.VideoAnalyzer;
import dev.videogen.worker.train.AutoencoderTrainer;
import dev.videogen.worker.train.Hyperparameters;
import dev.videogen.worker.train.ReconstructionLoss;
import dev.videogen.worker.train.Trainer;
import dev.videogen.worker.vae.CausalVae;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.vae.VaeWeights;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.FrameStrip;
import dev.videogen.worker.world.Caption;
import dev.videogen.worker.world.ClipSpec;
import dev.videogen.worker.world.SyntheticDataset;
import dev.videogen.worker.world.SyntheticWorld;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code worker bench vae}: trains the causal autoencoder on the synthetic world for a time budget
 * (clips of 9 frames and single images, 32 × 32), then reports reconstruction PSNR and SSIM on
 * held-out clips; with {@code --decode-seconds}, only the peak memory of a chunked decode.
 */
@Command(name = "vae", description = "Train the video autoencoder, then score reconstructions.")
public final class VaeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--minutes", defaultValue = "10", description = "Training time budget.")
  double minutes;

  @Option(names = "--steps", description = "Train exactly this many steps instead.")
  Long fixedSteps;

  @Option(names = "--batch", defaultValue = "4", description = "Clips per step.")
  int batch;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate.")
  double learningRate;

  @Option(
      names = "--loss",
      defaultValue = "temporal",
      description =
          "Reconstruction loss: mse, l1 (as Stable Diffusion's VAE), gdl (mse plus the"
              + " gradient difference loss, which weights edges) or temporal (mse plus the same"
              + " over consecutive frames, which weights frame-to-frame change; the default, as"
              + " TrainingRuns of stage Autoencoder train).")
  String loss;

  @Option(
      names = "--edge-weight",
      defaultValue = "4",
      description = "Weight of the difference term of --loss gdl and --loss temporal.")
  double edgeWeight;

  @Option(names = "--latent-channels", defaultValue = "8", description = "Latent channels.")
  int latentChannels;

  @Option(names = "--width", defaultValue = "32", description = "Channels of the first stage.")
  int width;

  @Option(names = "--held-out", defaultValue = "16", description = "Clips to reconstruct.")
  int heldOut;

  @Option(
      names = "--decode-seconds",
      description =
          "Measure only: the peak memory of decoding this many seconds (8 fps, 32 x 32) in chunks"
              + " with fresh weights, no training. Run each length in its own process, so that"
              + " memory the allocator kept from earlier work does not hide what the decode needs.")
  Integer decodeSeconds;

  @Option(names = "--save", description = "Write the trained autoencoder to this file.")
  Path save;

  @Option(
      names = "--strips",
      description =
          "Write the first 8 held-out clips and their reconstructions as frame strips here.")
  Path strips;

  @Option(
      names = "--load",
      description = "Score this saved autoencoder (bench vae --save) instead of training one.")
  Path load;

  @Override
  public Integer call() throws Exception {
    PrintWriter log = spec.commandLine().getOut();
    VaeConfig config = new VaeConfig(3, latentChannels, width);
    if (decodeSeconds != null) {
      try (NDManager manager = NDManager.newBaseManager()) {
        CausalVae vae = CausalVae.create(config, manager);
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("decode_seconds", decodeSeconds);
        memory.put(
            "decode_peak_rss_mb",
            decodeMemory(vae, new ParameterStore(manager, false), manager, decodeSeconds));
        log.println(new ObjectMapper().writeValueAsString(memory));
      }
      return 0;
    }
    SyntheticDataset data =
        new SyntheticDataset(
            List.of(
                new SyntheticDataset.Bucket(9, 32, 32, 8),
                new SyntheticDataset.Bucket(1, 32, 32, 8)),
            11);
    Map<String, Object> result = new LinkedHashMap<>();
    if (load != null) {
      try (NDManager manager = NDManager.newBaseManager()) {
        CausalVae vae = VaeWeights.load(load, manager);
        result.put("config", vae.config());
        evaluate(vae, new ParameterStore(manager, false), result);
      }
      log.println(new ObjectMapper().writeValueAsString(result));
      return 0;
    }
    ReconstructionLoss objective =
        new ReconstructionLoss(ReconstructionLoss.kind(loss), loss.equals("mse") ? 0 : edgeWeight);
    long steps = fixedSteps != null ? fixedSteps : stepsFor(config, objective, data);
    // As a TrainingRun of stage Autoencoder trains, with no weight decay and a warmup of 100.
    Hyperparameters hp =
        new Hyperparameters(
            steps, batch, learningRate, Math.min(100, steps), 0, 0.999, 1, 0, 0, null);
    try (AutoencoderTrainer trainer =
        AutoencoderTrainer.create(config, hp, objective, Device.cpu())) {
      log.printf("training %d steps, loss %s%n", steps, objective);
      long started = System.nanoTime();
      double smoothed = 0;
      while (trainer.step() < steps) {
        Trainer.StepResult r = trainer.step(data.batch(trainer.step() + 1, batch));
        smoothed = r.step() == 1 ? r.loss() : 0.98 * smoothed + 0.02 * r.loss();
        if (r.step() % 200 == 0) {
          log.printf(
              "step %d  reconstruction MSE (smoothed) %.5f  %.0f ms/step%n",
              r.step(), smoothed, 1000 * r.seconds());
          log.flush();
        }
      }
      result.put("config", config);
      result.put("train_steps", steps);
      result.put("train_minutes", (System.nanoTime() - started) / 60e9);
      result.put("batch", batch);
      result.put("kl_weight", AutoencoderTrainer.KL_WEIGHT);
      result.put("loss", objective);
      result.put("final_mse_smoothed", smoothed);
      evaluate(trainer.autoencoder(), trainer.parameterStore(), result);
      if (save != null) {
        VaeWeights.save(trainer.autoencoder(), save);
      }
    }
    log.println(new ObjectMapper().writeValueAsString(result));
    return 0;
  }

  /** Steps that fit the --minutes budget, timed on 20 steps of a throwaway network (both sizes). */
  private long stepsFor(VaeConfig config, ReconstructionLoss objective, SyntheticDataset data) {
    long probeSteps = 20;
    Hyperparameters hp = Hyperparameters.defaults(probeSteps).withBatch(batch, learningRate);
    double seconds = 0;
    try (AutoencoderTrainer probe =
        AutoencoderTrainer.create(config, hp, objective, Device.cpu())) {
      for (long i = 1; i <= probeSteps; i++) {
        double s = probe.step(data.batch(i, batch)).seconds();
        seconds += i <= 2 ? 0 : s; // the first two warm up
      }
    }
    double perStep = seconds / (probeSteps - 2);
    return Math.max(50, (long) (minutes * 60 / perStep));
  }

  /** PSNR and SSIM of held-out clips (9 frames, 32 × 32) decoded from their posterior means. */
  private void evaluate(CausalVae vae, ParameterStore ps, Map<String, Object> out)
      throws IOException {
    SplittableRandom random = new SplittableRandom(2024);
    if (strips != null) {
      Files.createDirectories(strips);
    }
    double psnr = 0;
    double ssim = 0;
    double flickerReal = 0;
    double flickerBack = 0;
    int[] read = new int[3]; // colour, shape, direction the analyzer reads in the reconstruction
    // Each true shape → the shapes the analyzer reads in its reconstructions, counted.
    Map<String, Map<String, Integer>> shapes = new java.util.TreeMap<>();
    for (int i = 0; i < heldOut; i++) {
      ClipSpec truth = SyntheticWorld.sampleHeldOut(random, 32, 32, 9, 8);
      Clip clip = SyntheticWorld.render(truth);
      try (NDManager scope = NDManager.newBaseManager()) {
        NDArray video =
            scope.create(SyntheticDataset.toModelLayout(List.of(clip)), new Shape(1, 3, 9, 32, 32));
        NDArray mean = vae.encode(ps, video, false).get(0);
        float[] decoded = vae.decode(ps, mean, false).toFloatArray();
        Clip back = SyntheticDataset.fromModelLayout(decoded, 0, 9, 32, 32, 8);
        if (strips != null && i < 8) {
          FrameStrip.write(clip, strips.resolve(String.format("%02d-real.png", i)));
          FrameStrip.write(back, strips.resolve(String.format("%02d-reconstructed.png", i)));
        }
        psnr += Psnr.of(clip, back) / heldOut;
        ssim += Ssim.of(clip, back) / heldOut;
        flickerReal += VideoAnalyzer.flicker(clip) / heldOut;
        flickerBack += VideoAnalyzer.flicker(back) / heldOut;
        Adherence a = Adherence.of(Caption.canonical(truth), back);
        read[0] += Boolean.TRUE.equals(a.colour()) ? 1 : 0;
        read[1] += Boolean.TRUE.equals(a.shape()) ? 1 : 0;
        read[2] += Boolean.TRUE.equals(a.direction()) ? 1 : 0;
        String seen = VideoAnalyzer.analyze(back).shape().map(Object::toString).orElse("none");
        shapes
            .computeIfAbsent(truth.shape().toString(), k -> new java.util.TreeMap<>())
            .merge(seen, 1, Integer::sum);
      }
    }
    out.put("held_out_clips", heldOut);
    out.put("psnr_db", psnr);
    out.put("ssim", ssim);
    // What the analyzer still reads after the round trip: the ceiling for a latent-space model.
    out.put("reconstruction_colour_accuracy", read[0] / (double) heldOut);
    out.put("reconstruction_shape_accuracy", read[1] / (double) heldOut);
    out.put("reconstruction_direction_accuracy", read[2] / (double) heldOut);
    out.put("reconstruction_shapes_read", shapes);
    // Flicker (mean absolute frame difference) of the reconstructions over the real clips'.
    out.put("reconstruction_flicker_ratio", flickerBack / flickerReal);
  }

  /**
   * Peak resident memory above the resident memory just before decoding {@code seconds} of latents
   * (8 fps, 32 × 32) in chunks of 4 latent frames.
   */
  private double decodeMemory(CausalVae vae, ParameterStore ps, NDManager manager, int seconds)
      throws IOException {
    int latentFrames = VaeConfig.latentFrames(1 + seconds * 8);
    try (NDManager scope = manager.newSubManager()) {
      NDArray latent = scope.randomNormal(new Shape(1, latentChannels, latentFrames, 4, 4));
      double before = resetPeak();
      NDArray video = vae.decodeChunked(ps, latent, 4);
      video.toFloatArray(); // the frames are read, as an encoder would
      return peakMegabytes() - before;
    }
  }

  /** Resets the kernel's peak-RSS counter (VmHWM) to the current RSS and returns that. */
  private static double resetPeak() throws IOException {
    Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    return MemoryCommand.residentMegabytes();
  }

  private static double peakMegabytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return -1;
  }
}
