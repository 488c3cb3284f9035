package dev.videogen.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Media a VideoJob is conditioned on, as artifact URIs. Which ones a task needs: see VideoTask. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Inputs {
  @Size(max = ArtifactUri.MAX_LENGTH)
  @ValidationRule(value = ArtifactUri.RULE, message = ArtifactUri.MESSAGE)
  @JsonPropertyDescription("Image URI: the first frame for ImageToVideo.")
  private String image;

  @Size(max = ArtifactUri.MAX_LENGTH)
  @ValidationRule(value = ArtifactUri.RULE, message = ArtifactUri.MESSAGE)
  @JsonPropertyDescription("Video URI: the video to extend (Extend) or to edit (Edit).")
  private String video;

  @Size(max = 2)
  @ValidationRule(value = ArtifactUri.LIST_RULE, message = "every entry " + ArtifactUri.MESSAGE)
  @JsonPropertyDescription(
      "Two video URIs for Connect: the video to start from, then the one to end in.")
  private List<@Size(max = ArtifactUri.MAX_LENGTH) String> videos;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getVideo() {
    return video;
  }

  public void setVideo(String video) {
    this.video = video;
  }

  public List<String> getVideos() {
    return videos;
  }

  public void setVideos(List<String> videos) {
    this.videos = videos;
  }
}
