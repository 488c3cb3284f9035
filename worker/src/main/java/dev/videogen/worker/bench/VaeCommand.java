package dev.videogen.worker.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.worker.analysis.Adherence;
import dev.videogen.worker.analysis.Psnr;
import dev.videogen.worker.analysis.Ssim;
import dev.videogen.worker.analysis.VideoAnalyzer;
import dev.videogen.worker.train.AdamW;
import dev.videogen.worker.train.GradientNorm;
import dev.videogen.worker.train.LearningRate;
import dev.videogen.worker.train.TrainingBatch;
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
import java.util.ArrayList;
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

  @Option(names = "--kl", defaultValue = "1e-4", description = "Weight of the KL term.")
  double klWeight;

  @Option(
      names = "--loss",
      defaultValue = "mse",
      description =
          "Reconstruction loss: mse, l1 (as Stable Diffusion's VAE), gdl (mse plus the"
              + " gradient difference loss, which weights edges) or temporal (mse plus the same"
              + " over consecutive frames, which weights frame-to-frame change).")
  String loss;

  @Option(
      names = "--edge-weight",
      defaultValue = "1",
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
        evaluate(vae, new ParameterStore(manager, false), manager, result);
      }
      log.println(new ObjectMapper().writeValueAsString(result));
      return 0;
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(0);
      CausalVae vae = CausalVae.create(config, manager);
      List<Parameter> parameters = new ArrayList<>(vae.getParameters().values());
      ParameterStore ps = new ParameterStore(manager, false);
      try (AdamW optimizer = new AdamW(parameters, manager, 0.9f, 0.999f, 1e-8f)) {
        double probe = 0;
        long probeSteps = 20; // both buckets (clips and images) several times
        long step = 0;
        for (; step < probeSteps; step++) {
          long t0 = System.nanoTime();
          trainStep(vae, ps, optimizer, parameters, data, step, learningRate);
          probe += step < 2 ? 0 : (System.nanoTime() - t0) / 1e9; // the first two warm up
        }
        probe = probe * probeSteps / (probeSteps - 2);
        long steps =
            fixedSteps != null
                ? fixedSteps
                : Math.max(probeSteps + 50, (long) (minutes * 60 / (probe / probeSteps)));
        LearningRate schedule = new LearningRate(learningRate, 100, steps, 0.1);
        log.printf("training %d steps (%.0f ms/step measured)%n", steps, 1000 * probe / probeSteps);
        long started = System.nanoTime();
        double smoothed = 0;
        for (; step < steps; step++) {
          long t0 = System.nanoTime();
          double loss =
              trainStep(vae, ps, optimizer, parameters, data, step, schedule.at(step + 1));
          smoothed = step == probeSteps ? loss : 0.98 * smoothed + 0.02 * loss;
          if ((step + 1) % 200 == 0) {
            log.printf(
                "step %d  reconstruction MSE (smoothed) %.5f  %.0f ms/step%n",
                step + 1, smoothed, (System.nanoTime() - t0) / 1e6);
            log.flush();
          }
        }
        result.put("config", config);
        result.put("train_steps", steps);
        result.put("train_minutes", (System.nanoTime() - started) / 60e9);
        result.put("batch", batch);
        result.put("kl_weight", klWeight);
        result.put("loss", loss);
        result.put("final_mse_smoothed", smoothed);
      }
      evaluate(vae, ps, manager, result);
      if (save != null) {
        VaeWeights.save(vae, save);
      }
    }
    log.println(new ObjectMapper().writeValueAsString(result));
    return 0;
  }

  /** One step on batch {@code step}; returns the reconstruction MSE. */
  private double trainStep(
      CausalVae vae,
      ParameterStore ps,
      AdamW optimizer,
      List<Parameter> parameters,
      SyntheticDataset data,
      long step,
      double lr) {
    try (NDManager scope = NDManager.newBaseManager()) {
      TrainingBatch b = data.batch(step, batch);
      NDArray video = scope.create(b.video(), b.shape());
      Shape s = b.shape();
      Shape latent =
          new Shape(s.get(0), latentChannels, VaeConfig.latentFrames((int) s.get(2)), 4, 4);
      NDArray noise = scope.randomNormal(latent);
      NDArray klScale = scope.full(new Shape(), (float) klWeight);
      double mse;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDList out = vae.forward(ps, new NDList(video, noise), true);
        NDArray error = out.get(0).sub(video);
        NDArray reconstruction = error.square().mean();
        NDArray objective =
            switch (loss) {
              case "mse" -> reconstruction;
              case "l1" -> error.abs().mean();
              case "gdl" ->
                  reconstruction.add(edges(error).mul(scope.full(new Shape(), (float) edgeWeight)));
              case "temporal" ->
                  s.get(2) < 2 // a single image has no frame-to-frame change
                      ? reconstruction
                      : reconstruction.add(
                          changes(error).mul(scope.full(new Shape(), (float) edgeWeight)));
              default ->
                  throw new IllegalArgumentException("--loss is mse, l1, gdl or temporal: " + loss);
            };
        collector.backward(objective.add(CausalVae.kl(out.get(1), out.get(2)).mul(klScale)));
        mse = reconstruction.getFloat();
      }
      double norm = GradientNorm.of(parameters, scope);
      optimizer.update((float) lr, 0f, GradientNorm.clipFactor(norm, 1.0));
      return mse;
    }
  }

  /**
   * The gradient difference loss (Mathieu et al. 2016) of an error (B, C, T, H, W): mean squared
   * difference of horizontally and of vertically neighbouring errors, which weights edges.
   */
  static NDArray edges(NDArray error) {
    NDArray dx = error.get(":, :, :, :, 1:").sub(error.get(":, :, :, :, :-1"));
    NDArray dy = error.get(":, :, :, 1:, :").sub(error.get(":, :, :, :-1, :"));
    return dx.square().mean().add(dy.square().mean());
  }

  /**
   * The temporal counterpart of {@link #edges} for an error (B, C, T, H, W), T ≥ 2: mean squared
   * difference of the errors of consecutive frames, that is of the reconstruction's frame-to-frame
   * change against the clip's, which is what flicker measures.
   */
  static NDArray changes(NDArray error) {
    NDArray dt = error.get(":, :, 1:, :, :").sub(error.get(":, :, :-1, :, :"));
    return dt.square().mean();
  }

  /** PSNR and SSIM of held-out clips (9 frames, 32 × 32) decoded from their posterior means. */
  private void evaluate(
      CausalVae vae, ParameterStore ps, NDManager manager, Map<String, Object> out)
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
      try (NDManager scope = manager.newSubManager()) {
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
