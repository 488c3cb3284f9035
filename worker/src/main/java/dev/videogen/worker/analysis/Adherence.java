package dev.videogen.worker.analysis;

import dev.videogen.worker.video.Clip;
import dev.videogen.worker.world.Prompt;

/**
 * Whether a video shows what its prompt asks for, attribute by attribute (an attribute the prompt
 * does not mention is not scored).
 */
public record Adherence(Boolean colour, Boolean shape, Boolean direction, Analysis analysis) {

  public static Adherence of(String prompt, Clip clip) {
    Prompt p = Prompt.parse(prompt);
    Analysis a = VideoAnalyzer.analyze(clip);
    return new Adherence(
        p.colour().map(c -> a.colour().equals(java.util.Optional.of(c))).orElse(null),
        p.shape().map(s -> a.shape().equals(java.util.Optional.of(s))).orElse(null),
        p.direction().map(d -> a.direction().equals(java.util.Optional.of(d))).orElse(null),
        a);
  }
}
