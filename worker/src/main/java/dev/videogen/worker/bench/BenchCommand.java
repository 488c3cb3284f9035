package dev.videogen.worker.bench;

import picocli.CommandLine.Command;

/** {@code worker bench}: measurements behind bench/ (not tests: they print figures). */
@Command(
    name = "bench",
    description =
        "Benchmarks of the model: speed, memory over long training, quality, packing, tasks,"
            + " the video autoencoder.",
    subcommands = {
      SpeedCommand.class,
      MemoryCommand.class,
      QualityCommand.class,
      VaeCommand.class,
      PackingCommand.class,
      TasksCommand.class
    })
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
