package io.memrun.sdk;

/**
 * What a worker keeps across requests: one instance per worker process and service, shared by
 * every request that worker serves. It owns the worker's in-memory store of decoded structures
 * (parsed columns, indices, models), bounded by the service's declared {@code memory}.
 *
 * <p>Warm state is an optimisation, never a correctness requirement: an entry may be evicted at
 * any time and recomputed by its loader.
 */
public interface SharedWorkerContext {
    /**
     * Returns the value for {@code key}, computing it with {@code loader} if absent.
     *
     * <p>Atomic per key: concurrent calls for the same absent key run the loader once; the others
     * wait for its result. If the loader throws, nothing is stored, the exception reaches every
     * waiting caller, and the next call tries again. Values implementing {@link Weighted} count
     * their declared size against the memory budget; others count a nominal 1 KiB.
     *
     * @param key identifies the value, e.g. the object URI plus a decoding version
     * @param loader computes the value; must not return {@code null}
     * @return the cached or newly computed value
     */
    <T> T getOrCompute(String key, Loader<T> loader) throws Exception;

    /** Drops the value for {@code key}, if any. */
    void invalidate(String key);

    /** This worker's id, e.g. {@code analytics-engine-w0}. */
    String workerId();

    /** The service this worker runs. */
    String serviceName();

    /** Computes a value for {@link #getOrCompute}. */
    @FunctionalInterface
    interface Loader<T> {
        /** Computes the value; must not return {@code null}. */
        T load() throws Exception;
    }

    /** A value that knows its approximate memory footprint. */
    interface Weighted {
        /** Approximate bytes this value holds on the heap (or off it, if it owns the memory). */
        long weightBytes();
    }
}
