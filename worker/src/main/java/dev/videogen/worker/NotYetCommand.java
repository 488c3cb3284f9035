package dev.videogen.worker;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Subcommands whose implementation has not landed yet. Each says so, names the work that brings it,
 * and exits with {@link #EXIT_NOT_IMPLEMENTED} so that scripts cannot mistake it for success.
 */
abstract class NotYetCommand implements Callable<Integer> {
  static final int EXIT_NOT_IMPLEMENTED = 3;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "ARGS", description = "Arguments (not used yet).")
  List<String> args;

  abstract String comesWith();

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .printf("worker %s: not implemented yet; it comes with %s.%n", spec.name(), comesWith());
    return EXIT_NOT_IMPLEMENTED;
  }

  @Command(
      name = "run",
      description = "Run VideoJob and TrainingRun YAML locally, without a cluster (not yet).")
  static final class Run extends NotYetCommand {
    @Override
    String comesWith() {
      return "the local runner (embedded default)";
    }
  }
}
