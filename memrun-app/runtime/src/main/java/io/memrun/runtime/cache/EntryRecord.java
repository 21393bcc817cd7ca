package io.memrun.runtime.cache;

/**
 * What is persisted about one cached object: a row of {@code index.json}, and the content of the
 * object's {@code .meta} sidecar (written before the object's file is renamed into place, so a
 * cache that lost its index can still tell which URI each file holds).
 *
 * @param uri the object's URI
 * @param file the base name of its files (see {@link CacheKeys})
 * @param size its length in bytes
 * @param etag the store's entity tag, or {@code null}
 * @param fetchedAt when it was downloaded, in the cache clock's milliseconds
 * @param lastAccess when a request last used it (equal to {@code fetchedAt} in a sidecar)
 * @param crc32c the CRC-32C of the bytes as downloaded, checked when a later process first uses them
 */
record EntryRecord(String uri, String file, long size, String etag, long fetchedAt, long lastAccess, long crc32c) {
    /** Whether the record is well formed and names files that belong to its URI. */
    boolean valid() {
        return uri != null && size >= 0 && crc32c >= 0 && crc32c <= 0xFFFF_FFFFL && CacheKeys.belongsTo(file, uri);
    }
}
