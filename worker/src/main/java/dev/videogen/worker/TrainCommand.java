package dev.videogen.worker;

import dev.videogen.worker.bench.ModelOptions;
import dev.videogen.worker.train.Checkpoint;
import dev.videogen.worker.train.Hyperparameters;
import dev.videogen.worker.train.Trainer;
import dev.videogen.worker.world.SyntheticDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code worker train}: trains the patch-DiT on the built-in synthetic world, writing checkpoints;
 * started again with the same checkpoint directory it resumes from the latest complete one.
 */
@Command(name = "train", description = "Train the patch-DiT on the synthetic world.")
final class TrainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ModelOptions model;

  @Option(names = "--steps", required = true, description = "Optimiser steps.")
  long steps;

  @Option(
      names = "--batch",
      defaultValue = "8",
      description = "Clips per step (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--lr",
      defaultValue = "3e-4",
      description = "Peak learning rate (default ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--warmup",
      defaultValue = "100",
      description = "Warmup steps (default ${DEFAULT-VALUE}).")
  long warmup;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--checkpoints",
      defaultValue = "checkpoints",
      description = "Checkpoint directory; training resumes from its latest checkpoint.")
  Path checkpoints;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "500",
      description = "Steps between checkpoints (one is always written at the end).")
  long every;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Hyperparameters hp =
        Hyperparameters.defaults(steps)
            .withSteps(steps, Math.min(warmup, steps))
            .withBatch(batch, learningRate)
            .withSeed(seed);
    Optional<Path> latest = Checkpoint.latest(checkpoints);
    try (Trainer trainer =
        latest.isPresent()
            ? Checkpoint.resume(latest.get(), hp)
            : Trainer.create(model.config(3), hp)) {
      latest.ifPresent(p -> out.printf("resuming from %s (step %d)%n", p, trainer.step()));
      out.printf(
          "training %,d parameters for %,d steps (batch %d) on the synthetic world%n",
          trainer.model().parameterCount(), steps, batch);
      SyntheticDataset data = new SyntheticDataset(SyntheticDataset.CPU_MIX, seed);
      Progress progress = new Progress(out, steps, trainer.step());
      while (trainer.step() < steps) {
        Trainer.StepResult r = trainer.step(data.batch(trainer.step() + 1, batch));
        progress.update(r.step(), String.format("loss %.4f  lr %.2e", r.loss(), r.learningRate()));
        if (r.step() % every == 0 && r.step() < steps) {
          Checkpoint.save(trainer, checkpoints);
        }
      }
      Path last = Checkpoint.save(trainer, checkpoints);
      progress.done();
      out.printf("checkpoint: %s%n", last);
    }
    return 0;
  }
}
