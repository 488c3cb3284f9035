package dev.videogen.operator.trainingrun;

import dev.videogen.api.task.TaskResult;
import dev.videogen.api.task.TrainingProgress;
import dev.videogen.api.v1alpha1.TrainingRunStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;

/**
 * What a TrainingRun's status is made from.
 *
 * @param job the training Job, or null before it exists
 * @param progress the newest progress a training pod reported, or null
 * @param result the final result of the pod that finished the run, or null
 * @param podRunning whether a training pod is running now
 * @param invalid why the run cannot start at all, or null
 * @param waiting why the run has not started yet (its autoencoder is not trained), or null
 */
public record TrainingRunObservation(
    Long generation,
    TrainingRunStatus previous,
    long totalSteps,
    String checkpointLocation,
    boolean suspended,
    Job job,
    boolean podRunning,
    TrainingProgress progress,
    TaskResult result,
    String invalid,
    String waiting,
    Instant now) {}
