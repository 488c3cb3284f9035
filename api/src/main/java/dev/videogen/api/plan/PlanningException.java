package dev.videogen.api.plan;

/** A VideoJob spec the planner cannot plan; the message names the field to change. */
public class PlanningException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public PlanningException(String message) {
    super(message);
  }
}
