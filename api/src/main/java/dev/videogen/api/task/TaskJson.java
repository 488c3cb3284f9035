package dev.videogen.api.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the task contract ({@code apiVersion: videogen.dev/task/v1},
 * docs/task-contract.md): task and stage documents for worker pods, and the results they report.
 * Reading is strict: an unknown apiVersion, kind or field, a missing required field or a value of
 * the wrong type is a {@link TaskFormatException} that says where.
 */
public final class TaskJson {
  public static final String API_VERSION = "videogen.dev/task/v1";

  /** Kubernetes keeps at most this many bytes of a container's termination message. */
  public static final int TERMINATION_MESSAGE_LIMIT = 4096;

  /**
   * Largest stage document written: a ConfigMap holds 1 MiB in all; the rest is left for its
   * metadata.
   */
  public static final int STAGE_DOCUMENT_LIMIT = 1_000_000;

  private static final String STAGE = "Stage";
  private static final String RESULT = "Result";
  private static final Map<String, Class<? extends TaskDocument>> TASK_KINDS =
      Map.of("Render", RenderTask.class, "Stitch", StitchTask.class, "Train", TrainTask.class);

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
          .build();

  private TaskJson() {}

  /** A single task as a file of its own (the local runner, tests). */
  public static String write(TaskDocument task) {
    return toText(envelope(task.kind(), task));
  }

  /**
   * A stage's document, for its ConfigMap.
   *
   * @throws IllegalArgumentException if it exceeds {@link #STAGE_DOCUMENT_LIMIT}
   */
  public static String write(StageDocument stage) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("apiVersion", API_VERSION);
    node.put("kind", STAGE);
    node.put("stage", stage.stage());
    if (stage.settings() != null) {
      node.set("settings", MAPPER.valueToTree(stage.settings()));
    }
    ArrayNode tasks = node.putArray("tasks");
    for (TaskDocument task : stage.tasks()) {
      ObjectNode element = MAPPER.createObjectNode();
      element.put("kind", task.kind());
      element.setAll((ObjectNode) MAPPER.valueToTree(task));
      tasks.add(element);
    }
    String text = toText(node);
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > STAGE_DOCUMENT_LIMIT) {
      throw new IllegalArgumentException(
          "stage "
              + stage.stage()
              + ": its "
              + stage.tasks().size()
              + " tasks take "
              + bytes
              + " bytes of JSON, more than the "
              + STAGE_DOCUMENT_LIMIT
              + " a ConfigMap can hold: raise sharding.segmentSeconds for fewer, longer shards");
    }
    return text;
  }

  /**
   * A result for the termination message: at most {@link #TERMINATION_MESSAGE_LIMIT} bytes, the
   * error message shortened if need be.
   */
  public static String write(TaskResult result) {
    String text = toText(envelope(RESULT, result));
    int excess = text.getBytes(StandardCharsets.UTF_8).length - TERMINATION_MESSAGE_LIMIT;
    if (excess <= 0) {
      return text;
    }
    if (result.error() == null) {
      throw new IllegalArgumentException(
          "result of " + result.task() + " is " + excess + " bytes over the termination message");
    }
    // Keep the longest start of the message that fits; JSON escapes make the written length
    // differ from the message's own, so search by writing.
    String message = result.error().message();
    int low = 0;
    int high = message.getBytes(StandardCharsets.UTF_8).length;
    String best = null;
    while (low <= high) {
      int keep = (low + high) >>> 1;
      String candidate = withMessage(result, truncate(message, keep) + "...");
      if (candidate.getBytes(StandardCharsets.UTF_8).length <= TERMINATION_MESSAGE_LIMIT) {
        best = candidate;
        low = keep + 1;
      } else {
        high = keep - 1;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException(
          "result of " + result.task() + " does not fit the termination message");
    }
    return best;
  }

  private static String withMessage(TaskResult result, String message) {
    TaskError error = new TaskError(result.error().reason(), message);
    return toText(
        envelope(
            RESULT,
            new TaskResult(
                result.task(),
                result.outcome(),
                result.artifacts(),
                result.timings(),
                error,
                result.training())));
  }

  /**
   * A training pod's progress for its {@link TrainingProgress#ANNOTATION} annotation: compact JSON
   * of at most {@link TrainingProgress#MAX_BYTES} bytes. The checkpoint's URI is left out where it
   * would not fit (it is {@code <checkpoint.location>/step-<n>}).
   */
  public static String write(TrainingProgress progress) {
    String text = toText(MAPPER.valueToTree(progress));
    if (text.getBytes(StandardCharsets.UTF_8).length <= TrainingProgress.MAX_BYTES) {
      return text;
    }
    text = toText(MAPPER.valueToTree(progress.withoutCheckpointUri()));
    if (text.getBytes(StandardCharsets.UTF_8).length > TrainingProgress.MAX_BYTES) {
      throw new IllegalArgumentException(
          "progress is over " + TrainingProgress.MAX_BYTES + " bytes: " + text);
    }
    return text;
  }

  /** A training pod's progress annotation, read as strictly as tasks. */
  public static TrainingProgress readProgress(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new TaskFormatException("progress: not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new TaskFormatException("progress: expected a JSON object");
    }
    return convert(object, TrainingProgress.class, "progress");
  }

  /** A stage document. */
  public static StageDocument readStage(String json) {
    ObjectNode node = parse(json);
    expectKind(node, STAGE);
    node.remove("apiVersion");
    node.remove("kind");
    JsonNode tasksNode = node.remove("tasks");
    if (tasksNode == null || !tasksNode.isArray()) {
      throw new TaskFormatException("stage document: tasks must be an array of tasks");
    }
    List<TaskDocument> tasks = new ArrayList<>();
    for (int i = 0; i < tasksNode.size(); i++) {
      if (!(tasksNode.get(i) instanceof ObjectNode task)) {
        throw new TaskFormatException("stage document: tasks[" + i + "] is not an object");
      }
      tasks.add(readTaskNode(task, "tasks[" + i + "]"));
    }
    node.putArray("tasks");
    StageShell shell = convert(node, StageShell.class, "stage document");
    return new StageDocument(shell.stage(), shell.settings(), tasks);
  }

  /** A document holding one task. */
  public static TaskDocument readTask(String json) {
    ObjectNode node = parse(json);
    checkVersion(node);
    node.remove("apiVersion");
    return readTaskNode(node, "task");
  }

  /**
   * The task of the pod with this completion index: from a stage document, or the task itself when
   * the file holds one task (then the index is ignored).
   */
  public static TaskDocument readTask(String json, int completionIndex) {
    ObjectNode node = parse(json);
    if (STAGE.equals(node.path("kind").asText())) {
      return readStage(json).task(completionIndex);
    }
    TaskDocument task = readTask(json);
    if (task instanceof RenderTask render && render.settings() == null) {
      throw new TaskFormatException("task " + render.id() + ": settings is required");
    }
    return task;
  }

  /** A result from a termination message. */
  public static TaskResult readResult(String json) {
    ObjectNode node = parse(json);
    expectKind(node, RESULT);
    node.remove("apiVersion");
    node.remove("kind");
    return convert(node, TaskResult.class, "result");
  }

  private static TaskDocument readTaskNode(ObjectNode node, String where) {
    String kind = node.path("kind").asText("");
    Class<? extends TaskDocument> type = TASK_KINDS.get(kind);
    if (type == null) {
      throw new TaskFormatException(
          where + ": kind \"" + kind + "\" is not a task kind; expected Render, Stitch or Train");
    }
    node.remove("kind");
    return convert(node, type, where);
  }

  private static ObjectNode envelope(String kind, Object value) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("apiVersion", API_VERSION);
    node.put("kind", kind);
    node.setAll((ObjectNode) MAPPER.valueToTree(value));
    return node;
  }

  private static ObjectNode parse(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new TaskFormatException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new TaskFormatException("expected a JSON object with apiVersion and kind");
    }
    return object;
  }

  private static void checkVersion(ObjectNode node) {
    String version = node.path("apiVersion").asText(null);
    if (version == null) {
      throw new TaskFormatException("apiVersion is missing; expected " + API_VERSION);
    }
    if (!API_VERSION.equals(version)) {
      throw new TaskFormatException(
          "apiVersion \""
              + version
              + "\" is not supported: this build reads "
              + API_VERSION
              + " (use operator and worker images of the same release)");
    }
  }

  private static void expectKind(ObjectNode node, String kind) {
    checkVersion(node);
    String actual = node.path("kind").asText(null);
    if (!kind.equals(actual)) {
      throw new TaskFormatException("kind is " + actual + "; expected " + kind);
    }
  }

  private static <T> T convert(ObjectNode node, Class<T> type, String where) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new TaskFormatException(where + describe(e), e);
    }
  }

  private static String describe(Exception e) {
    String path = "";
    String reason = e.getMessage();
    if (e instanceof JsonMappingException databind) {
      StringBuilder at = new StringBuilder();
      for (JsonMappingException.Reference ref : databind.getPath()) {
        if (ref.getFieldName() != null) {
          at.append(at.length() == 0 ? "" : ".").append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          at.append('[').append(ref.getIndex()).append(']');
        }
      }
      path = at.length() == 0 ? "" : "." + at;
      reason = ((JsonProcessingException) e).getOriginalMessage();
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      reason = "unknown field \"" + unknown.getPropertyName() + "\"";
      path = path.substring(0, Math.max(0, path.lastIndexOf('.')));
    } else if (e instanceof ValueInstantiationException && e.getCause() != null) {
      reason = e.getCause().getMessage();
    }
    return path + ": " + reason;
  }

  private static String toText(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write task JSON", e);
    }
  }

  // The first {@code bytes} UTF-8 bytes of text, never splitting a character.
  private static String truncate(String text, int bytes) {
    int used = 0;
    int end = 0;
    while (end < text.length()) {
      int cp = text.codePointAt(end);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + size > bytes) {
        break;
      }
      used += size;
      end += Character.charCount(cp);
    }
    return text.substring(0, end);
  }

  /** The stage document's own fields; its tasks are read one by one. */
  private record StageShell(String stage, RenderSettings settings, List<Object> tasks) {}
}
