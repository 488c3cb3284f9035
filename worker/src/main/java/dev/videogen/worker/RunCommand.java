package dev.videogen.worker;

import dev.videogen.worker.local.LocalResources;
import dev.videogen.worker.local.LocalRunner;
import dev.videogen.worker.local.SyntheticWorldTraining;
import dev.videogen.worker.local.ThreadBudget;
import dev.videogen.worker.store.StoreSettings;
import dev.videogen.worker.task.CheckpointCache;
import dev.videogen.worker.task.ConditionalRenderer;
import dev.videogen.worker.task.TaskReport;
import dev.videogen.worker.task.TaskRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code worker run FILE...}: runs TrainingRun and VideoJob YAML in this process, without a
 * cluster, through the same validation, planner, stage documents and task code as the operator and
 * its pods (docs/local.md).
 */
@Command(
    name = "run",
    description = "Run TrainingRun and VideoJob YAML locally, without a cluster (docs/local.md).")
final class RunCommand implements Callable<Integer> {
  /** How long Ctrl-C waits for the current step, a checkpoint and the status to be written. */
  static final Duration STOP_GRACE = Duration.ofSeconds(60);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @ParentCommand WorkerCli cli;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "YAML files (multi-document).")
  List<Path> files;

  @Option(
      names = "--threads",
      description =
          "CPU threads for the whole run: parallel shards split them. Default: the available"
              + " processors.")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LocalResources resources;
    StoreSettings stores;
    ThreadBudget budget;
    try {
      resources = LocalResources.read(files);
      stores = cli.storeSettings();
      budget = threads == null ? ThreadBudget.ofMachine() : new ThreadBudget(threads);
    } catch (LocalResources.InvalidResourcesException e) {
      e.problems().forEach(err::println);
      return TaskReport.EXIT_PERMANENT;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return TaskReport.EXIT_PERMANENT;
    }
    out.printf(
        "running %d TrainingRun(s) and %d VideoJob(s) with %d thread(s)%n",
        resources.trainingRuns().size(), resources.videoJobs().size(), budget.threads());
    TaskRunner tasks =
        new TaskRunner(
            stores,
            new CheckpointCache(CheckpointCache.defaultRoot(cli.environment()), stores),
            new ConditionalRenderer(),
            null);
    try (StopSignal stop = StopSignal.install(STOP_GRACE, err)) {
      return new LocalRunner(
              new SyntheticWorldTraining(), tasks, budget, stores, out, stop::requested)
          .run(resources);
    }
  }
}
