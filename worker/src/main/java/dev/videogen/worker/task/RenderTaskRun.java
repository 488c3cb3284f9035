package dev.videogen.worker.task;

import ai.djl.ndarray.NDManager;
import dev.videogen.api.task.ConditioningFrames;
import dev.videogen.api.task.RenderSettings;
import dev.videogen.api.task.RenderTask;
import dev.videogen.api.task.TaskResult;
import dev.videogen.worker.model.DitConfig;
import dev.videogen.worker.model.PatchDit;
import dev.videogen.worker.model.Patchify;
import dev.videogen.worker.train.Checkpoint;
import dev.videogen.worker.train.LatentAutoencoder;
import dev.videogen.worker.vae.LatentSpace;
import dev.videogen.worker.vae.VaeConfig;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.VideoEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one Render task: refuses what the model cannot do before loading anything, finds the
 * checkpoint and the conditioning sources, reuses a complete output made from the same task and
 * inputs, else loads the model, renders, and writes the output with its marker.
 */
final class RenderTaskRun {
  private final RenderTask task;
  private final TaskContext cx;

  RenderTaskRun(RenderTask task, TaskContext cx) {
    this.task = task;
    this.cx = cx;
  }

  TaskContext.Produced run() throws IOException {
    RenderSettings s = task.settings();
    cx.renderer()
        .unsupported(task)
        .ifPresent(
            reason -> {
              throw TaskFailure.permanent(TaskFailure.NOT_SUPPORTED, reason);
            });
    FrameSize size = FrameSize.of(s);
    Map<String, ArtifactFrames> sources = new LinkedHashMap<>();
    try (OutputTarget out = OutputTarget.open(task.output(), cx.stores())) {
      if (!out.directory()) {
        checkEncodable(out, size, s.fps());
      }
      CheckpointCache.Found checkpoint =
          cx.clock().time(TaskClock.Phase.LOAD, () -> cx.checkpoints().find(s.checkpoint()));
      List<String> inputs = new ArrayList<>();
      inputs.add(checkpoint.uri() + " " + checkpoint.manifestSha256());
      for (ConditioningFrames c : task.conditioning()) {
        cx.openSource(sources, c.source(), "conditioning.source", inputs);
      }
      String fingerprint = TaskContext.fingerprint(task, inputs);
      Optional<TaskContext.Produced> done =
          cx.reused(task.id(), task.output().uri(), out, fingerprint);
      if (done.isPresent()) {
        return done.get();
      }
      cx.checkCancelled(task.id());
      Path local = cx.clock().time(TaskClock.Phase.LOAD, () -> cx.checkpoints().fetch(checkpoint));
      Clip clip;
      try (NDManager manager = NDManager.newBaseManager()) {
        RenderModel model = cx.clock().time(TaskClock.Phase.LOAD, () -> load(local, manager, size));
        RenderInputs given = cx.clock().time(TaskClock.Phase.LOAD, () -> read(sources, s.fps()));
        cx.checkCancelled(task.id());
        cx.listener().step(task.id(), 0, s.steps());
        clip =
            cx.clock()
                .time(
                    TaskClock.Phase.RENDER,
                    () ->
                        cx.renderer()
                            .render(
                                task,
                                model,
                                size,
                                given,
                                step -> {
                                  cx.checkCancelled(task.id());
                                  cx.listener().step(task.id(), step, s.steps());
                                }));
      }
      cx.checkCancelled(task.id());
      out.withdraw();
      var artifact = out.write(clip, cx.scratch(), cx.clock());
      cx.checkCancelled(task.id()); // written but not sealed: a re-run makes it again
      out.seal(
          new OutputReceipt(
              fingerprint,
              TaskResult.succeeded(task.id(), List.of(artifact), cx.clock().timings())));
      return new TaskContext.Produced(artifact, false);
    } finally {
      for (ArtifactFrames source : sources.values()) {
        source.close();
      }
    }
  }

  private void checkEncodable(OutputTarget out, FrameSize size, int fps) {
    try {
      VideoEncoder.check(out.fileFormat(), task.frames(), size.width(), size.height(), fps);
    } catch (IllegalArgumentException e) {
      throw TaskFailure.permanent(
          TaskFailure.INVALID_TASK, "output " + task.output().uri() + ": " + e.getMessage(), e);
    }
  }

  private RenderModel load(Path checkpoint, NDManager manager, FrameSize size) {
    PatchDit model;
    LatentSpace latent;
    try {
      Checkpoint.State state = Checkpoint.state(checkpoint); // verified once, read by both
      model = Checkpoint.loadForSampling(checkpoint, state, manager);
      latent =
          Checkpoint.latentSpace(checkpoint, state, manager)
              .map(LatentAutoencoder::space)
              .orElse(null);
    } catch (IllegalArgumentException e) {
      throw TaskFailure.permanent(
          TaskFailure.CHECKPOINT_UNREADABLE,
          "checkpoint " + task.settings().checkpoint() + " cannot be loaded: " + e.getMessage(),
          e);
    }
    DitConfig config = model.config();
    long frames = task.frames();
    long height = size.height();
    long width = size.width();
    if (latent != null) {
      if (height % VaeConfig.SPACE != 0 || width % VaeConfig.SPACE != 0) {
        throw TaskFailure.permanent(
            TaskFailure.INVALID_TASK,
            "settings.width and settings.height must divide by 8 for a latent-space model, got "
                + width
                + "x"
                + height);
      }
      frames = VaeConfig.latentFramesCovering(task.frames());
      height /= VaeConfig.SPACE;
      width /= VaeConfig.SPACE;
    } else if (config.channels() != Clip.CHANNELS) {
      throw TaskFailure.permanent(
          TaskFailure.CHECKPOINT_UNREADABLE,
          "checkpoint "
              + task.settings().checkpoint()
              + " models "
              + config.channels()
              + "-channel data but records no autoencoder");
    }
    long padded = (frames + config.patchT() - 1) / config.patchT() * config.patchT();
    try {
      Patchify.grid(config, padded, height, width);
    } catch (IllegalArgumentException e) {
      throw TaskFailure.permanent(
          TaskFailure.INVALID_TASK,
          "settings.width "
              + size.width()
              + " and settings.height "
              + size.height()
              + " do not fit the model: "
              + e.getMessage(),
          e);
    }
    return new RenderModel(model, latent);
  }

  private RenderInputs read(Map<String, ArtifactFrames> sources, int fps) throws IOException {
    List<RenderInputs.Given> given = new ArrayList<>();
    for (ConditioningFrames c : task.conditioning()) {
      Clip frames = sources.get(c.source()).read(c.sourceFrames(), c.sourceAnchor(), fps);
      given.add(new RenderInputs.Given(c, frames));
    }
    return new RenderInputs(given);
  }
}
