package dev.videogen.api.validation;

import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates the CEL rules of a CRD schema ({@code x-kubernetes-validations}) the way the API server
 * does: {@code self} is the value at the rule's node, with the standard macros and the strings
 * extension library that Kubernetes enables.
 */
final class CelRules {
  private final CelCompiler compiler =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addLibraries(CelExtensions.strings())
          .addVar("self", SimpleType.DYN)
          .build();
  private final CelRuntime runtime =
      CelRuntimeFactory.standardCelRuntimeBuilder().addLibraries(CelExtensions.strings()).build();
  private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

  /** Outcome of one rule: it held, it did not, or it could not be evaluated (with why). */
  record Outcome(boolean holds, String error) {}

  Outcome evaluate(String rule, Object self) {
    try {
      Object result = program(rule).eval(Map.of("self", self));
      if (result instanceof Boolean b) {
        return new Outcome(b, null);
      }
      return new Outcome(false, "rule did not evaluate to a bool: " + rule);
    } catch (CelEvaluationException e) {
      // The API server reports a rule that fails to evaluate as an invalid value, too.
      return new Outcome(false, "rule could not be evaluated: " + e.getMessage());
    }
  }

  private CelRuntime.Program program(String rule) {
    return programs.computeIfAbsent(
        rule,
        r -> {
          try {
            return runtime.createProgram(compiler.compile(r).getAst());
          } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("CRD rule does not compile: " + r, e);
          }
        });
  }
}
