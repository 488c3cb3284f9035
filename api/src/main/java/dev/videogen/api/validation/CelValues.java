package dev.videogen.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts JSON to the values CEL sees, guided by the schema as the API server does: {@code
 * integer} fields become int (Long), {@code number} fields double, objects maps, arrays lists.
 */
final class CelValues {
  private CelValues() {}

  static Object of(JsonNode schema, JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      node.properties()
          .forEach(
              e -> {
                JsonNode child =
                    properties.has(e.getKey()) ? properties.get(e.getKey()) : additional;
                map.put(e.getKey(), of(child, e.getValue()));
              });
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(item -> list.add(of(schema.path("items"), item)));
      return list;
    }
    if (node.isNumber()) {
      return "number".equals(schema.path("type").asText()) || !node.isIntegralNumber()
          ? (Object) node.asDouble()
          : (Object) node.asLong();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
