package dev.videogen.operator.trainingrun;

import dev.videogen.api.task.CheckpointReference;
import dev.videogen.api.task.TrainingProgress;
import dev.videogen.api.v1alpha1.TrainingRunStatus;
import dev.videogen.api.v1alpha1.status.CheckpointRecord;
import dev.videogen.api.v1alpha1.status.Phase;
import dev.videogen.operator.status.Conditions;
import dev.videogen.operator.videojob.StageState;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds a TrainingRun's status (pure): phase and conditions from the Job, step, loss, throughput
 * and checkpoints from the training pod's progress reports. Progress only moves forward: a
 * replacement pod that has not reported yet leaves the last known values, and the checkpoint list
 * keeps the newest {@value TrainingRunStatus#MAX_CHECKPOINTS}.
 */
public final class TrainingRunStatusBuilder {
  private TrainingRunStatusBuilder() {}

  public static TrainingRunStatus build(TrainingRunObservation o) {
    TrainingRunStatus previous = o.previous() != null ? o.previous() : new TrainingRunStatus();
    TrainingRunStatus s = new TrainingRunStatus();
    s.setObservedGeneration(o.generation());
    s.setTotalSteps(o.totalSteps());
    s.setStep(previous.getStep());
    s.setLoss(previous.getLoss());
    s.setSamplesPerSecond(previous.getSamplesPerSecond());
    s.setLatestCheckpoint(previous.getLatestCheckpoint());
    s.setCheckpoints(new ArrayList<>(previous.getCheckpoints()));
    s.setStartTime(previous.getStartTime());
    s.setCompletionTime(previous.getCompletionTime());
    TrainingProgress p =
        o.result() != null && o.result().training() != null ? o.result().training() : o.progress();
    if (p != null && (s.getStep() == null || p.step() >= s.getStep())) {
      apply(s, p, o.checkpointLocation());
    }

    Phase phase;
    String reason;
    String message;
    StageState state = StageState.of(o.job());
    if (o.invalid() != null) {
      phase = Phase.Failed;
      reason = "InvalidSpec";
      message = o.invalid();
    } else if (state.kind() == StageState.Kind.Failed) {
      phase = Phase.Failed;
      reason = state.reason() == null ? "Failed" : state.reason();
      message =
          (state.message() == null ? "the training Job failed" : state.message())
              + (o.result() != null && o.result().error() != null
                  ? ": " + o.result().error().reason() + ": " + o.result().error().message()
                  : "");
    } else if (state.kind() == StageState.Kind.Succeeded) {
      phase = Phase.Succeeded;
      reason = "Succeeded";
      message = "trained " + s.getStep() + " steps";
    } else if (o.job() == null && o.waiting() != null) {
      phase = Phase.Pending;
      reason = AutoencoderCheckpoints.WAITING;
      message = o.waiting();
    } else if (o.suspended()) {
      phase = Phase.Suspended;
      reason = "Suspended";
      message =
          "spec.suspend is true: the training pod stopped after a checkpoint; set it to false to"
              + " resume from "
              + (s.getLatestCheckpoint() == null
                  ? "the start"
                  : "step " + s.getLatestCheckpoint().getStep());
    } else if (o.podRunning()) {
      phase = Phase.Running;
      reason = "Training";
      message = "step " + (s.getStep() == null ? 0 : s.getStep()) + "/" + o.totalSteps();
    } else {
      phase = Phase.Pending;
      reason = o.job() == null ? "Creating" : "WaitingForPod";
      message = "waiting for the training pod to start";
    }
    if (s.getStartTime() == null && o.job() != null && o.job().getStatus() != null) {
      s.setStartTime(o.job().getStatus().getStartTime());
    }
    s.setPhase(phase);
    if (phase.isFinal() && s.getCompletionTime() == null) {
      s.setCompletionTime(o.now().toString());
    }
    s.setConditions(conditions(previous.getConditions(), phase, reason, message, o));
    return s;
  }

  private static void apply(TrainingRunStatus s, TrainingProgress p, String location) {
    s.setStep(p.step());
    if (p.loss() != null) {
      s.setLoss(round(p.loss(), 6));
    }
    if (p.samplesPerSecond() != null) {
      s.setSamplesPerSecond(round(p.samplesPerSecond(), 3));
    }
    CheckpointReference c = p.checkpoint();
    if (c == null) {
      return;
    }
    String uri = c.uri() != null ? c.uri() : CheckpointReference.uri(location, c.step());
    List<CheckpointRecord> list = s.getCheckpoints();
    if (list.stream().noneMatch(r -> r.getStep() != null && r.getStep() == c.step())) {
      CheckpointRecord record = new CheckpointRecord();
      record.setUri(uri);
      record.setStep(c.step());
      record.setLoss(p.loss() == null ? null : round(p.loss(), 6));
      record.setTime(p.time());
      list.add(record);
    }
    list.sort(Comparator.comparing(CheckpointRecord::getStep).reversed());
    while (list.size() > TrainingRunStatus.MAX_CHECKPOINTS) {
      list.remove(list.size() - 1);
    }
    s.setLatestCheckpoint(list.get(0));
  }

  private static List<Condition> conditions(
      List<Condition> previous,
      Phase phase,
      String reason,
      String message,
      TrainingRunObservation o) {
    Long g = o.generation();
    Instant now = o.now();
    boolean progressing = phase == Phase.Running || phase == Phase.Pending;
    List<Condition> c = previous;
    c = Conditions.set(c, Conditions.READY, phase == Phase.Succeeded, reason, message, g, now);
    c = Conditions.set(c, Conditions.PROGRESSING, progressing, reason, message, g, now);
    c = Conditions.set(c, Conditions.SUCCEEDED, phase == Phase.Succeeded, reason, message, g, now);
    c = Conditions.set(c, Conditions.FAILED, phase == Phase.Failed, reason, message, g, now);
    c = Conditions.set(c, Conditions.SUSPENDED, phase == Phase.Suspended, reason, message, g, now);
    return c;
  }

  /** Fewer digits in status: values change on every report, so keep them short and stable. */
  private static double round(double value, int digits) {
    return new java.math.BigDecimal(value).round(new java.math.MathContext(digits)).doubleValue();
  }
}
