package dev.videogen.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a custom resource against the structural schema of its generated CRD, as the API server
 * does on create: defaults are applied, then types, required fields, enums, bounds, patterns and
 * lengths are checked, unknown fields are reported (as {@code kubectl apply} does with strict field
 * validation), and finally the CEL rules ({@code x-kubernetes-validations}) are evaluated.
 *
 * <p>It lets the local runner reject bad YAML with the same messages a cluster gives, and lets
 * tests check examples without a cluster. The status is not validated: users do not write it.
 */
public final class SchemaValidator {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final String TYPE_ERROR = " in body must be of type ";

  private final String apiVersion;
  private final String kind;
  private final JsonNode schema;
  private final CelRules cel = new CelRules();
  private final Map<String, Pattern> patterns = new LinkedHashMap<>();

  private SchemaValidator(String apiVersion, String kind, JsonNode schema) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.schema = schema;
  }

  /** The validator of {@code version} of a CRD given as parsed YAML or JSON. */
  public static SchemaValidator forCrd(JsonNode crd, String version) {
    JsonNode spec = crd.path("spec");
    for (JsonNode v : spec.path("versions")) {
      if (version.equals(v.path("name").asText())) {
        return new SchemaValidator(
            spec.path("group").asText() + "/" + version,
            spec.path("names").path("kind").asText(),
            v.path("schema").path("openAPIV3Schema"));
      }
    }
    throw new IllegalArgumentException("CRD has no version " + version);
  }

  /** The validator of a resource class, from the CRD generated into this module's jar. */
  public static SchemaValidator forResource(Class<? extends HasMetadata> type) {
    String crdName = HasMetadata.getFullResourceName(type);
    String path = "/META-INF/fabric8/" + crdName + "-v1.yml";
    try (InputStream in = SchemaValidator.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no generated CRD on the classpath at " + path);
      }
      return forCrd(YAML.readTree(in), HasMetadata.getVersion(type));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks {@code resource}, applying the schema's defaults to it in place. */
  public List<Violation> validate(ObjectNode resource) {
    List<Violation> out = new ArrayList<>();
    if (!apiVersion.equals(resource.path("apiVersion").asText())) {
      out.add(new Violation("apiVersion", "Unsupported value: expected " + apiVersion));
    }
    if (!kind.equals(resource.path("kind").asText())) {
      out.add(new Violation("kind", "Unsupported value: expected " + kind));
    }
    if (resource.path("metadata").path("name").asText("").isEmpty()) {
      out.add(new Violation("metadata.name", "Required value: name is required"));
    }
    // The API server owns apiVersion, kind and metadata (checked above); users do not write status.
    ObjectNode body = resource.deepCopy();
    body.remove(List.of("apiVersion", "kind", "metadata", "status"));
    List<Violation> structural = new ArrayList<>();
    walk(schema, body, "", structural);
    out.addAll(structural);
    // Like the API server, evaluate the CEL rules unless a value has the wrong type (the rules
    // could not be evaluated); other errors do not stop them, so all problems show at once.
    if (structural.stream().anyMatch(v -> v.detail().contains(TYPE_ERROR))) {
      out.add(
          new Violation(
              "",
              "some validation rules were not checked because the object was invalid; correct"
                  + " the existing errors to complete validation"));
    } else {
      checkRules(schema, body, "", out);
    }
    if (body.has("spec")) {
      resource.set("spec", body.get("spec"));
    }
    return out;
  }

  /** Checks {@code node} against the structural schema {@code s}, applying defaults. */
  private void walk(JsonNode s, JsonNode node, String path, List<Violation> out) {
    String type = s.path("type").asText("");
    if (s.path("x-kubernetes-int-or-string").asBoolean()) {
      if (!node.isIntegralNumber() && !node.isTextual()) {
        out.add(invalid(path, node, path + TYPE_ERROR + "integer or string"));
      }
    } else if (!type.isEmpty() && !hasType(node, type)) {
      out.add(invalid(path, node, path + TYPE_ERROR + type + ": " + typeOf(node)));
      return;
    }
    if (node.isObject()) {
      walkObject(s, (ObjectNode) node, path, out);
    } else if (node.isArray()) {
      checkItems(s, node, path, out);
      JsonNode items = s.path("items");
      for (int i = 0; i < node.size() && !items.isMissingNode(); i++) {
        walk(items, node.get(i), path + "[" + i + "]", out);
      }
    } else {
      checkScalar(s, node, path, out);
    }
  }

  private void walkObject(JsonNode s, ObjectNode node, String path, List<Violation> out) {
    JsonNode properties = s.path("properties");
    // Nulls are dropped before defaulting, as the API server prunes them.
    node.properties().removeIf(e -> e.getValue().isNull());
    for (Map.Entry<String, JsonNode> p : properties.properties()) {
      if (!node.has(p.getKey()) && p.getValue().has("default")) {
        node.set(p.getKey(), p.getValue().get("default").deepCopy());
      }
    }
    for (JsonNode required : s.path("required")) {
      if (!node.has(required.asText())) {
        out.add(new Violation(join(path, required.asText()), "Required value"));
      }
    }
    boolean preserveUnknown = s.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    JsonNode additional = s.path("additionalProperties");
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String child = join(path, field.getKey());
      if (properties.has(field.getKey())) {
        walk(properties.get(field.getKey()), field.getValue(), child, out);
      } else if (additional.isObject()) {
        walk(additional, field.getValue(), child, out);
      } else if (!preserveUnknown && !additional.asBoolean(false)) {
        out.add(new Violation("", "unknown field \"" + child + "\""));
      }
    }
  }

  private void checkItems(JsonNode s, JsonNode node, String path, List<Violation> out) {
    if (s.has("maxItems") && node.size() > s.get("maxItems").asLong()) {
      out.add(
          new Violation(
              path,
              "Too many: " + node.size() + ": must have at most " + s.get("maxItems") + " items"));
    }
    if (s.has("minItems") && node.size() < s.get("minItems").asLong()) {
      out.add(
          invalid(
              path, node, path + " in body should have at least " + s.get("minItems") + " items"));
    }
  }

  private void checkScalar(JsonNode s, JsonNode node, String path, List<Violation> out) {
    if (s.has("enum")) {
      boolean allowed = false;
      List<String> values = new ArrayList<>();
      for (JsonNode e : s.get("enum")) {
        allowed |= e.equals(node);
        values.add(e.toString());
      }
      if (!allowed) {
        out.add(
            new Violation(
                path,
                "Unsupported value: " + node + ": supported values: " + String.join(", ", values)));
      }
    }
    if (node.isNumber()) {
      checkBounds(s, node, path, out);
    }
    if (node.isTextual()) {
      String text = node.asText();
      if (s.has("maxLength") && text.length() > s.get("maxLength").asLong()) {
        out.add(
            new Violation(path, "Too long: may not be more than " + s.get("maxLength") + " bytes"));
      }
      if (s.has("minLength") && text.length() < s.get("minLength").asLong()) {
        out.add(
            invalid(
                path,
                node,
                path + " in body should be at least " + s.get("minLength") + " chars long"));
      }
      if (s.has("pattern") && !pattern(s.get("pattern").asText()).matcher(text).find()) {
        out.add(
            invalid(
                path, node, path + " in body should match '" + s.get("pattern").asText() + "'"));
      }
    }
  }

  private void checkBounds(JsonNode s, JsonNode node, String path, List<Violation> out) {
    double value = node.asDouble();
    if (s.has("minimum")) {
      double min = s.get("minimum").asDouble();
      boolean exclusive = s.path("exclusiveMinimum").asBoolean();
      if (exclusive ? value <= min : value < min) {
        out.add(
            invalid(
                path,
                node,
                path
                    + " in body should be greater than "
                    + (exclusive ? "" : "or equal to ")
                    + number(min)));
      }
    }
    if (s.has("maximum")) {
      double max = s.get("maximum").asDouble();
      boolean exclusive = s.path("exclusiveMaximum").asBoolean();
      if (exclusive ? value >= max : value > max) {
        out.add(
            invalid(
                path,
                node,
                path
                    + " in body should be less than "
                    + (exclusive ? "" : "or equal to ")
                    + number(max)));
      }
    }
  }

  /** Evaluates the CEL rules of {@code node} and of everything below it. */
  private void checkRules(JsonNode s, JsonNode node, String path, List<Violation> out) {
    if (node.isObject()) {
      JsonNode properties = s.path("properties");
      JsonNode additional = s.path("additionalProperties");
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        JsonNode child =
            properties.has(field.getKey()) ? properties.get(field.getKey()) : additional;
        if (child.isObject()) {
          checkRules(child, field.getValue(), join(path, field.getKey()), out);
        }
      }
    } else if (node.isArray() && s.path("items").isObject()) {
      for (int i = 0; i < node.size(); i++) {
        checkRules(s.get("items"), node.get(i), path + "[" + i + "]", out);
      }
    }
    JsonNode rules = s.path("x-kubernetes-validations");
    if (rules.isEmpty()) {
      return;
    }
    Object self = CelValues.of(s, node);
    for (JsonNode rule : rules) {
      CelRules.Outcome outcome = cel.evaluate(rule.path("rule").asText(), self);
      if (!outcome.holds()) {
        String message =
            outcome.error() != null
                ? outcome.error()
                : rule.path("message").asText("failed rule: " + rule.path("rule").asText());
        String field = path + rule.path("fieldPath").asText("");
        // As the API server words it: scalars show their value, objects and lists do not.
        String shown = node.isContainerNode() ? "" : node + ": ";
        out.add(new Violation(field, "Invalid value: " + shown + message));
      }
    }
  }

  private Pattern pattern(String regex) {
    return patterns.computeIfAbsent(regex, Pattern::compile);
  }

  private static boolean hasType(JsonNode node, String type) {
    return switch (type) {
      case "object" -> node.isObject();
      case "array" -> node.isArray();
      case "string" -> node.isTextual();
      case "integer" ->
          node.isIntegralNumber()
              || (node.isNumber() && node.asDouble() == Math.rint(node.asDouble()));
      case "number" -> node.isNumber();
      case "boolean" -> node.isBoolean();
      default -> true;
    };
  }

  /** A bound as the API server prints it: 0, not 0.0. */
  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static String typeOf(JsonNode node) {
    if (node.isObject()) {
      return "\"object\"";
    }
    if (node.isArray()) {
      return "\"array\"";
    }
    if (node.isTextual()) {
      return "\"string\"";
    }
    if (node.isBoolean()) {
      return "\"boolean\"";
    }
    return node.isIntegralNumber() ? "\"integer\"" : "\"number\"";
  }

  private static Violation invalid(String path, JsonNode node, String detail) {
    String shown = node.isContainerNode() ? typeOf(node) : node.toString();
    return new Violation(path, "Invalid value: " + shown + ": " + detail);
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
