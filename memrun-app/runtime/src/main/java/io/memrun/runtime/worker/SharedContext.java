package io.memrun.runtime.worker;

import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.cache.MemoryStore;
import io.memrun.sdk.SharedWorkerContext;

/** A worker's {@link SharedWorkerContext}: its disk cache and in-memory store. */
final class SharedContext implements SharedWorkerContext {
    private final String workerId;
    private final String serviceName;
    private final DiskCache disk;
    private volatile MemoryStore memory;
    private final StoreWaits storeWaits;

    SharedContext(String workerId, String serviceName, DiskCache disk, MemoryStore memory) {
        this(workerId, serviceName, disk, memory, new StoreWaits());
    }

    SharedContext(String workerId, String serviceName, DiskCache disk, MemoryStore memory, StoreWaits storeWaits) {
        this.workerId = workerId;
        this.serviceName = serviceName;
        this.disk = disk;
        this.memory = memory;
        this.storeWaits = storeWaits;
    }

    /** Requests of this worker waiting for the object store now. */
    StoreWaits storeWaits() {
        return storeWaits;
    }

    @Override
    public <T> T getOrCompute(String key, Loader<T> loader) throws Exception {
        RequestContext current = RequestContext.current();
        if (current == null) {
            return memory.getOrCompute(key, loader);
        }
        // Time spent in loaders is decode time: part of the state tax the reply reports.
        return memory.getOrCompute(key, () -> current.timeDecode(loader));
    }

    @Override
    public void invalidate(String key) {
        memory.invalidate(key);
    }

    @Override
    public String workerId() {
        return workerId;
    }

    @Override
    public String serviceName() {
        return serviceName;
    }

    DiskCache disk() {
        return disk;
    }

    /**
     * Replaces the in-memory store with an empty one. Decoded structures are instances of the
     * handler's classes; after a hot reload those come from a new class loader, so the old ones
     * must go (the disk cache stays: bytes do not depend on code).
     */
    void resetMemory(MemoryStore fresh) {
        this.memory = fresh;
    }

    MemoryStore memory() {
        return memory;
    }
}
