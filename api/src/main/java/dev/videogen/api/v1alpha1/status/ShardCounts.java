package dev.videogen.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Shards of a VideoJob by state. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ShardCounts {
  private Integer total;
  private Integer pending;
  private Integer running;
  private Integer succeeded;
  private Integer failed;

  public Integer getTotal() {
    return total;
  }

  public void setTotal(Integer total) {
    this.total = total;
  }

  public Integer getPending() {
    return pending;
  }

  public void setPending(Integer pending) {
    this.pending = pending;
  }

  public Integer getRunning() {
    return running;
  }

  public void setRunning(Integer running) {
    this.running = running;
  }

  public Integer getSucceeded() {
    return succeeded;
  }

  public void setSucceeded(Integer succeeded) {
    this.succeeded = succeeded;
  }

  public Integer getFailed() {
    return failed;
  }

  public void setFailed(Integer failed) {
    this.failed = failed;
  }
}
