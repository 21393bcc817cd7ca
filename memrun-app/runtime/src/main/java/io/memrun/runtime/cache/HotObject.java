package io.memrun.runtime.cache;

/**
 * A cached object worth keeping warm, as a worker hands it to its successor.
 *
 * @param uri the object, {@code s3://bucket/key}
 * @param size its length in bytes
 * @param etag its entity tag when it was fetched (a successor fetches whatever the store has now)
 * @param hits reads served from the cache since this worker has it
 * @param lastAccessMs epoch milliseconds of its last read
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true) // from a newer memrun
public record HotObject(String uri, long size, String etag, long hits, long lastAccessMs) {
}
