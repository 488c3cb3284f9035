package dev.videogen.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.worker.analysis.Adherence;
import dev.videogen.worker.analysis.Analysis;
import dev.videogen.worker.analysis.VideoAnalyzer;
import dev.videogen.worker.video.Clip;
import dev.videogen.worker.video.FrameStrip;
import dev.videogen.worker.video.VideoDecoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code worker analyze VIDEO [--prompt P]}: what the analyzer reads from a video of the synthetic
 * world (colour, shape, direction, speed, presence, flicker) and, given a prompt, whether each
 * attribute it names is shown. The way to check a quickstart video or a sample by hand. Exit codes
 * as grep's: 0 shown, 1 not shown, 2 unreadable.
 */
@Command(
    name = "analyze",
    description = "Read colour, shape, motion and flicker from a video; score it against a prompt.")
final class AnalyzeCommand implements Callable<Integer> {
  static final int EXIT_MISMATCH = 1;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "VIDEO", description = "mp4, webm, gif or png file.")
  Path video;

  @Option(
      names = "--prompt",
      description = "Score against this prompt; exit 1 when an attribute it names is not shown.")
  String prompt;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--strip", description = "Also write the frames side by side as one PNG.")
  Path strip;

  @Override
  public Integer call() throws IOException {
    // Like grep: 1 means "read, but not what the prompt says"; a file that cannot be read is a
    // usage error (2), never a mismatch.
    if (!Files.isRegularFile(video)) {
      throw new ParameterException(spec.commandLine(), video + ": no such file");
    }
    Clip clip;
    try {
      clip = VideoDecoder.read(video);
    } catch (IOException | RuntimeException e) {
      throw new ParameterException(spec.commandLine(), video + ": not a readable video: " + e);
    }
    if (strip != null) {
      FrameStrip.write(clip, strip);
    }
    Analysis a = VideoAnalyzer.analyze(clip);
    Adherence adherence = prompt == null ? null : Adherence.of(prompt, clip);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("frames", clip.frames());
    out.put("colour", name(a.colour()));
    out.put("shape", name(a.shape()));
    out.put("direction", name(a.direction()));
    out.put("speed", a.speed());
    out.put("presence", a.presence());
    out.put("persists", a.persists());
    out.put("flicker", a.flicker());
    boolean matches = true;
    if (adherence != null) {
      Map<String, Object> matched = new LinkedHashMap<>();
      putIfNamed(matched, "colour", adherence.colour());
      putIfNamed(matched, "shape", adherence.shape());
      putIfNamed(matched, "direction", adherence.direction());
      matches = !matched.containsValue(false);
      out.put("prompt", prompt);
      out.put("matches", matched);
    }
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      w.println(new ObjectMapper().writeValueAsString(out));
    } else {
      out.forEach(
          (k, v) ->
              w.printf(
                  "%s: %s%n",
                  k, v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v));
    }
    return matches ? 0 : EXIT_MISMATCH;
  }

  private static String name(Optional<? extends Enum<?>> value) {
    return value.map(v -> v.name().toLowerCase(Locale.ROOT)).orElse("none");
  }

  private static void putIfNamed(Map<String, Object> out, String key, Boolean value) {
    if (value != null) {
      out.put(key, value);
    }
  }
}
