/**
 * Training data from the artifact store: clips with captions ({@link
 * dev.videogen.worker.dataset.ClipDataset}), resampled in time and space to the training sizes.
 */
package dev.videogen.worker.dataset;
