package dev.videogen.worker;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.videogen.worker.analysis.Adherence;
import dev.videogen.worker.diffusion.SamplerSettings;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.model.Patchify;
import dev.videogen.worker.tasks.VideoTasks;
import dev.videogen.worker.train.Checkpoint;
import dev.videogen.worker.train.LatentAutoencoder;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.FrameStrip;
import dev.videogen.worker.video.MediaInfo;
import dev.videogen.worker.video.VideoEncoder;
import dev.videogen.worker.video.VideoFormat;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code worker sample}: renders a prompt with a trained checkpoint, as text to video or as another
 * VideoJob task ({@link TaskOptions}: image to video, extension, loops, connecting, editing,
 * images), and writes it as mp4, webm, gif or png (or, with {@code --strip}, as one PNG of the
 * frames side by side) with a JSON sidecar: prompt, task, seed, checkpoint, sampler settings,
 * sha256 and media info of the written file, and what the analyzer sees in the rendered frames.
 */
@Command(
    name = "sample",
    description =
        "Render a video from a prompt with a trained checkpoint: text to video, or --task"
            + " ImageToVideo, Extend, Connect, Edit or Image.")
final class SampleCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--checkpoint",
      required = true,
      description = "A checkpoint directory, or a directory of checkpoints (the latest is used).")
  Path checkpoint;

  @Option(names = "--prompt", required = true, description = "What the video shows.")
  String prompt;

  @Mixin TaskOptions task;

  @Option(names = "--width", description = "Width in pixels (default: the input's, else 32).")
  Integer width;

  @Option(names = "--height", description = "Height in pixels (default: the input's, else 32).")
  Integer height;

  @Option(
      names = "--seconds",
      defaultValue = "1",
      description =
          "Duration; for Extend and Connect the duration of the new frames; 0 renders one image"
              + " (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--fps", description = "Frames per second (default: the input video's, else 8).")
  Double fps;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of the noise (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--steps",
      defaultValue = "30",
      description = "Euler steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--guidance",
      defaultValue = "4",
      description = "Guidance scale, 1 = off (default ${DEFAULT-VALUE}).")
  double guidance;

  @Option(
      names = "--out",
      required = true,
      description =
          "Output file; its extension picks the format: .mp4 (H.264), .webm (VP9), .gif, .png"
              + " (one frame: PNG, several: animated PNG).")
  Path output;

  @Option(
      names = "--format",
      description = "Format regardless of the extension: mp4, webm, gif or png.")
  String format;

  @Option(
      names = "--strip",
      description = "Write one PNG with the frames side by side instead of a video (--out x.png).")
  boolean strip;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TaskOptions.Request request;
    VideoFormat videoFormat;
    try {
      request = task.prepare(prompt, width, height, seconds, fps);
      videoFormat = outputFormat(request);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    Path resolved =
        Files.isRegularFile(checkpoint.resolve("manifest.json"))
            ? checkpoint
            : Checkpoint.latest(checkpoint).orElse(null);
    if (resolved == null || !Checkpoint.isComplete(resolved)) {
      err.printf(
          "--checkpoint %s: no complete checkpoint there (a manifest.json whose files match)%n",
          checkpoint);
      return 2;
    }
    SamplerSettings settings = new SamplerSettings(steps, guidance, 0, seed);
    try (NDManager manager = NDManager.newBaseManager()) {
      Checkpoint.State state = Checkpoint.state(resolved); // verified once, read by both
      PatchDit model = Checkpoint.loadForSampling(resolved, state, manager);
      Optional<LatentAutoencoder> latent = Checkpoint.latentSpace(resolved, state, manager);
      try {
        int scale = latent.isPresent() ? VaeConfig.SPACE : 1;
        if (request.height() % scale != 0 || request.width() % scale != 0) {
          throw new IllegalArgumentException("a latent-space model renders sides that divide by 8");
        }
        Patchify.grid(
            model.config(),
            model.config().patchT(),
            request.height() / scale,
            request.width() / scale);
      } catch (IllegalArgumentException e) {
        err.printf(
            "--width %d --height %d: %s%n", request.width(), request.height(), e.getMessage());
        return 2;
      }
      Progress[] progress = new Progress[1];
      VideoTasks tasks =
          new VideoTasks(
              model,
              latent.map(LatentAutoencoder::space).orElse(null),
              settings,
              VideoTasks.DEFAULT_WINDOW,
              (done, total) -> {
                if (progress[0] == null) {
                  progress[0] = new Progress(out, total, 0);
                }
                progress[0].update(done, "");
              });
      Clip clip;
      try {
        clip = request.run(tasks);
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        return 2;
      }
      if (progress[0] != null) {
        progress[0].done();
      }
      if (strip) {
        FrameStrip.write(clip, output);
      } else {
        VideoEncoder.write(clip, output, videoFormat);
      }
      writeSidecar(
          resolved, clip, settings, strip ? "png-strip" : videoFormat.extension(), request);
    }
    out.printf("wrote %s and %s.json%n", output, output);
    return 0;
  }

  /**
   * The format --format names, else the one --out's extension names; png for a strip. Checked
   * against the size and rate before rendering, which takes far longer than encoding.
   */
  private VideoFormat outputFormat(TaskOptions.Request request) {
    int frames = request.outputFrames();
    int width = request.width();
    int height = request.height();
    double fps = request.fps();
    VideoFormat named;
    try {
      named = format == null ? null : VideoFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--format " + format + ": " + e.getMessage(), e);
    }
    if (strip) {
      if ((named != null && named != VideoFormat.PNG)
          || VideoFormat.of(output).orElse(null) != VideoFormat.PNG) {
        throw new IllegalArgumentException(
            "--out " + output + ": --strip writes a PNG: name the output x.png");
      }
      return VideoFormat.PNG;
    }
    VideoFormat chosen =
        named != null
            ? named
            : VideoFormat.of(output)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "--out "
                                + output
                                + ": the extension must name a format ("
                                + VideoFormat.names()
                                + "), or give --format"));
    try {
      VideoEncoder.check(chosen, frames, width, height, fps);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          String.format(
              "--out %s --width %d --height %d --fps %s: %s",
              output, width, height, fps, e.getMessage()),
          e);
    }
    return chosen;
  }

  private void writeSidecar(
      Path checkpointDir,
      Clip clip,
      SamplerSettings settings,
      String writtenFormat,
      TaskOptions.Request request)
      throws Exception {
    Adherence adherence = Adherence.of(prompt, clip);
    Map<String, Object> sidecar = new LinkedHashMap<>();
    sidecar.put("prompt", prompt);
    sidecar.put("task", request.describe(task));
    sidecar.put("seed", seed);
    sidecar.put("checkpoint", checkpointDir.toAbsolutePath().toString());
    sidecar.put(
        "sampler",
        Map.of(
            "method",
            "euler",
            "steps",
            settings.steps(),
            "guidanceScale",
            settings.guidanceScale()));
    sidecar.put("width", clip.width());
    sidecar.put("height", clip.height());
    sidecar.put("frames", clip.frames());
    sidecar.put("fps", clip.fps());
    sidecar.put("format", writtenFormat);
    sidecar.put("sha256", sha256(output));
    sidecar.put("media", MediaInfo.probe(output).toMap());
    sidecar.put("created", Instant.now().toString());
    var a = adherence.analysis();
    Map<String, Object> seen = new LinkedHashMap<>();
    seen.put("colour", a.colour().map(Enum::name).orElse(null));
    seen.put("shape", a.shape().map(Enum::name).orElse(null));
    seen.put("direction", a.direction().map(Enum::name).orElse(null));
    seen.put("flicker", a.flicker());
    sidecar.put("analysis", seen);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(output.resolveSibling(output.getFileName() + ".json").toFile(), sidecar);
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
