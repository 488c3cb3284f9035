package dev.videogen.worker.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.api.plan.PlanningException;
import dev.videogen.api.plan.ShardPlanner;
import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.api.v1alpha1.spec.TrainingStage;
import dev.videogen.api.validation.ResourceDocuments;
import dev.videogen.api.validation.SchemaValidator;
import dev.videogen.api.validation.Violation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The TrainingRuns and VideoJobs of the YAML files given to {@code worker run}, checked as a
 * cluster would check them before anything runs: the CRD schema and CEL rules with the API server's
 * messages (defaults applied), unique names, references to TrainingRuns that are in the files, and
 * plans the planner can make.
 */
public record LocalResources(List<TrainingRun> trainingRuns, List<VideoJob> videoJobs) {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public LocalResources {
    trainingRuns = List.copyOf(trainingRuns);
    videoJobs = List.copyOf(videoJobs);
  }

  /** Resources that cannot run, with every reason, worded for the user. */
  public static final class InvalidResourcesException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    InvalidResourcesException(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /**
   * Reads {@code files} (multi-document YAML; documents of other kinds are skipped, as {@code
   * worker validate} does).
   *
   * @throws InvalidResourcesException listing every problem found, if there is any
   */
  public static LocalResources read(List<Path> files)
      throws IOException, InvalidResourcesException {
    List<String> problems = new ArrayList<>();
    Map<String, TrainingRun> runs = new LinkedHashMap<>();
    Map<String, VideoJob> jobs = new LinkedHashMap<>();
    Set<String> runNames = new HashSet<>(); // valid or not: an invalid one is reported already
    for (Path file : files) {
      for (ObjectNode doc : ResourceDocuments.read(file)) {
        Optional<SchemaValidator> validator = ResourceDocuments.validatorFor(doc);
        if (validator.isEmpty()) {
          continue;
        }
        String kind = doc.path("kind").asText();
        String name = doc.at("/metadata/name").asText();
        if (kind.equals("TrainingRun")) {
          runNames.add(name);
        }
        List<Violation> violations = validator.get().validate(doc);
        if (!violations.isEmpty()) {
          StringBuilder text =
              new StringBuilder(String.format("The %s \"%s\" is invalid (%s):", kind, name, file));
          violations.forEach(v -> text.append("\n  * ").append(v));
          problems.add(text.toString());
          continue;
        }
        String where = kind + " \"" + name + "\" (" + file + ")";
        if (kind.equals("TrainingRun")) {
          if (runs.putIfAbsent(name, JSON.convertValue(doc, TrainingRun.class)) != null) {
            problems.add(where + ": another TrainingRun has the same name");
          }
        } else if (jobs.putIfAbsent(name, JSON.convertValue(doc, VideoJob.class)) != null) {
          problems.add(where + ": another VideoJob has the same name");
        }
      }
    }
    for (TrainingRun run : runs.values()) {
      var autoencoder = run.getSpec().getAutoencoder();
      var ref = autoencoder == null ? null : autoencoder.getTrainingRunRef();
      if (ref == null) {
        continue;
      }
      String where = "TrainingRun \"" + run.getMetadata().getName() + "\"";
      if (!runNames.contains(ref.getName())) {
        problems.add(
            where
                + ": spec.autoencoder.trainingRunRef.name: TrainingRun \""
                + ref.getName()
                + "\" is not in the files given to worker run; add its YAML, or set"
                + " spec.autoencoder.checkpoint to a checkpoint URI");
      } else if (runs.containsKey(ref.getName())
          && runs.get(ref.getName()).getSpec().getStage() != TrainingStage.Autoencoder) {
        problems.add(
            where
                + ": spec.autoencoder.trainingRunRef.name: TrainingRun \""
                + ref.getName()
                + "\" is not of stage Autoencoder");
      }
    }
    for (VideoJob job : jobs.values()) {
      String where = "VideoJob \"" + job.getMetadata().getName() + "\"";
      var ref = job.getSpec().getModel().getTrainingRunRef();
      if (ref != null && !runNames.contains(ref.getName())) {
        problems.add(
            where
                + ": spec.model.trainingRunRef.name: TrainingRun \""
                + ref.getName()
                + "\" is not in the files given to worker run; add its YAML, or set"
                + " spec.model.checkpoint to a checkpoint URI");
      } else if (ref != null
          && runs.containsKey(ref.getName())
          && runs.get(ref.getName()).getSpec().getStage() == TrainingStage.Autoencoder) {
        problems.add(
            where
                + ": spec.model.trainingRunRef.name: TrainingRun \""
                + ref.getName()
                + "\" trains the video autoencoder (stage Autoencoder), which cannot render;"
                + " name a TrainingRun of stage Diffusion");
      }
      try {
        ShardPlanner.plan(job.getSpec());
      } catch (PlanningException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidResourcesException(problems);
    }
    if (runs.isEmpty() && jobs.isEmpty()) {
      throw new InvalidResourcesException(
          List.of("no TrainingRun or VideoJob in " + files + ": nothing to run"));
    }
    return new LocalResources(new ArrayList<>(runs.values()), new ArrayList<>(jobs.values()));
  }
}
