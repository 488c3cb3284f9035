package dev.videogen.worker.store;

/**
 * One object in an artifact store, as written or described by it.
 *
 * @param key the key relative to the store's root ({@code shard-0003/video.mp4})
 * @param uri the object's full URI ({@code s3://bucket/prefix/shard-0003/video.mp4})
 * @param bytes its size
 * @param sha256 its SHA-256 in lower-case hex; null only for an S3 object that another tool wrote
 *     without the {@code sha256} metadata
 */
public record StoredObject(String key, String uri, long bytes, String sha256) {}
