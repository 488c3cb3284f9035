/**
 * Progress of a training task while it runs: a {@link dev.videogen.worker.progress.ProgressTracker}
 * turns steps and checkpoints into throttled {@link dev.videogen.api.task.TrainingProgress}
 * reports, which go to a line on standard output, to the worker pod's own annotation (so the
 * operator learns it without the worker needing any access to custom resources), or to a callback.
 */
package dev.videogen.worker.progress;
