package dev.videogen.worker;

import dev.videogen.worker.store.StoreSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code worker} command: trains and samples the video model, runs tasks for the operator, and
 * runs VideoJob and TrainingRun YAML locally.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    versionProvider = WorkerCli.Version.class,
    description = "videogen worker: trains and samples the patch-DiT video model with DJL.",
    subcommands = {
      DoctorCommand.class,
      ValidateCommand.class,
      RunCommand.class,
      TrainCommand.class,
      SampleCommand.class,
      AnalyzeCommand.class,
      TaskCommand.class,
      dev.videogen.worker.bench.BenchCommand.class,
      CommandLine.HelpCommand.class,
      TrainTaskCommand.class
    })
public final class WorkerCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> environment;
  private final StoreSettings stores;

  private WorkerCli(Map<String, String> environment, StoreSettings stores) {
    this.environment = Map.copyOf(environment);
    this.stores = stores;
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with its output going to {@code out} and {@code err}; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, System.getenv(), null);
  }

  /**
   * Runs the CLI with {@code environment} in place of the process environment and, unless null,
   * {@code stores} in place of the artifact store settings it gives (tests).
   */
  public static int run(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> environment,
      StoreSettings stores) {
    // DJL must never download anything at run time: the PyTorch natives come from Maven.
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    CommandLine cli = new CommandLine(new WorkerCli(environment, stores));
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  /** The environment variables the subcommands read. */
  Map<String, String> environment() {
    return environment;
  }

  /**
   * How artifact stores connect: from the environment (docs/artifacts.md).
   *
   * @throws IllegalArgumentException naming the variable whose value is wrong
   */
  StoreSettings storeSettings() {
    return stores != null ? stores : StoreSettings.fromEnvironment(environment);
  }

  @Override
  public void run() {
    // No subcommand: show what there is.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Versions of the worker and of DJL, from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = properties();
      return new String[] {
        "videogen worker " + p.getProperty("version"), "DJL " + p.getProperty("djl")
      };
    }

    static Properties properties() {
      Properties p = new Properties();
      try (InputStream in = WorkerCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return p;
    }
  }
}
