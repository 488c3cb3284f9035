package dev.videogen.worker.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.videogen.worker.store.ArtifactKey;
import dev.videogen.worker.store.InvalidArtifactUriException;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset's {@code captions.jsonl}: one JSON object per line, {@code {"file": "clips/0001.mp4",
 * "caption": "a red circle moves left"}}, {@code file} a key relative to the dataset's URI. Blank
 * lines are skipped; anything else that is not such an object is an error naming the line.
 */
public final class Captions {
  /** One captioned clip. */
  public record Entry(String file, String caption) {}

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private record Line(String file, String caption) {}

  private Captions() {}

  /**
   * The entries of {@code text}.
   *
   * @throws IllegalArgumentException naming the line and what is wrong with it
   */
  public static List<Entry> parse(String text, String source) {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = source + " line " + (i + 1) + ": ";
      Line parsed;
      try {
        parsed = JSON.readValue(line, Line.class);
      } catch (UnrecognizedPropertyException e) {
        throw new IllegalArgumentException(
            where
                + "unknown field \""
                + e.getPropertyName()
                + "\"; a line is {\"file\": ..., \"caption\": ...}");
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            where
                + "not a JSON object {\"file\": ..., \"caption\": ...}: "
                + e.getOriginalMessage());
      }
      if (parsed.file() == null || parsed.file().isBlank()) {
        throw new IllegalArgumentException(where + "file is required");
      }
      if (parsed.caption() == null) {
        throw new IllegalArgumentException(where + "caption is required (it may be empty)");
      }
      try {
        ArtifactKey.check(parsed.file());
      } catch (InvalidArtifactUriException e) {
        throw new IllegalArgumentException(where + "file: " + e.getMessage());
      }
      entries.add(new Entry(parsed.file(), parsed.caption()));
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException(source + " lists no clips");
    }
    return entries;
  }
}
