package dev.videogen.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.api.validation.ResourceDocuments;
import dev.videogen.api.validation.SchemaValidator;
import dev.videogen.api.validation.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code worker validate FILE...}: checks VideoJob and TrainingRun YAML against the CRD schema and
 * its CEL rules, with the messages the API server would give, without a cluster.
 */
@Command(
    name = "validate",
    description = "Check VideoJob and TrainingRun YAML against the CRD schema, offline.")
final class ValidateCommand implements Callable<Integer> {
  static final int EXIT_INVALID = 1;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "YAML files (multi-document).")
  List<Path> files;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int invalid = 0;
    int checked = 0;
    for (Path file : files) {
      for (ObjectNode doc : ResourceDocuments.read(file)) {
        Optional<SchemaValidator> validator = ResourceDocuments.validatorFor(doc);
        String name = doc.path("kind").asText() + "/" + doc.at("/metadata/name").asText();
        if (validator.isEmpty()) {
          out.printf("%s (%s): skipped, not a videogen.dev resource%n", name, file);
          continue;
        }
        checked++;
        List<Violation> violations = validator.get().validate(doc);
        if (violations.isEmpty()) {
          out.printf("%s (%s): valid%n", name, file);
        } else {
          invalid++;
          err.printf(
              "The %s \"%s\" is invalid (%s):%n",
              doc.path("kind").asText(), doc.at("/metadata/name").asText(), file);
          violations.forEach(v -> err.printf("  * %s%n", v));
        }
      }
    }
    out.printf("%d resource(s) checked, %d invalid%n", checked, invalid);
    return invalid == 0 ? 0 : EXIT_INVALID;
  }
}
