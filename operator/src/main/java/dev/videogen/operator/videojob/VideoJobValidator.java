package dev.videogen.operator.videojob;

import dev.videogen.api.v1alpha1.VideoJobSpec;
import dev.videogen.api.v1alpha1.spec.Inputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Semantic checks the CRD schema cannot express, made before anything runs (like Flink's resource
 * validator): each problem is a message naming the field and what to change. The schema and its CEL
 * rules have already been enforced by the API server.
 */
public final class VideoJobValidator {
  private VideoJobValidator() {}

  public static List<String> validate(VideoJobSpec spec) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> uri : uris(spec).entrySet()) {
      if (uri.getValue() != null && uri.getValue().startsWith("file://")) {
        problems.add(
            uri.getKey()
                + ": file:// URIs are for local runs (worker run); in a cluster use s3:// or"
                + " pvc://claim/path");
      }
    }
    return problems;
  }

  /** Every URI field of the spec, by its path. */
  static Map<String, String> uris(VideoJobSpec spec) {
    Map<String, String> uris = new LinkedHashMap<>();
    uris.put(
        "spec.output.location", spec.getOutput() == null ? null : spec.getOutput().getLocation());
    if (spec.getModel() != null) {
      uris.put("spec.model.checkpoint", spec.getModel().getCheckpoint());
    }
    Inputs inputs = spec.getInputs();
    if (inputs != null) {
      uris.put("spec.inputs.image", inputs.getImage());
      uris.put("spec.inputs.video", inputs.getVideo());
      if (inputs.getVideos() != null) {
        for (int i = 0; i < inputs.getVideos().size(); i++) {
          uris.put("spec.inputs.videos[" + i + "]", inputs.getVideos().get(i));
        }
      }
    }
    return uris;
  }
}
