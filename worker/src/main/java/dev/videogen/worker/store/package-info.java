/**
 * The worker's artifact store: reads inputs and checkpoints and writes outputs under {@code
 * file://}, {@code pvc://} and {@code s3://} URIs, atomically and with sha256 checksums. {@link
 * dev.videogen.worker.store.ArtifactStores#open} resolves a URI to an {@link
 * dev.videogen.worker.store.ArtifactStore}; docs/artifacts.md describes the contract.
 */
package dev.videogen.worker.store;
