package io.memrun.runtime.worker;

import io.memrun.runtime.cache.MemoryStore;
import io.memrun.sdk.MemoryService;

/**
 * What a hot reload changes on a running worker: later requests run the new version's handler
 * (requests already running finish with the old one); the disk cache stays warm; the in-memory
 * store of decoded structures starts empty, because its values are instances of the old code's
 * classes. The caller has checked that routing did not change (same sticky key, same partitions).
 */
final class HotSwap {
    private final RequestRunner runner;
    private final SharedContext shared;

    HotSwap(RequestRunner runner, SharedContext shared) {
        this.runner = runner;
        this.shared = shared;
    }

    void apply(MemoryService next) {
        shared.resetMemory(new MemoryStore(next.memoryBytes()));
        runner.swap(next.requestHandler());
    }
}
