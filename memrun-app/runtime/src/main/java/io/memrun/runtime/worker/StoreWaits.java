package io.memrun.runtime.worker;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many of a worker's running requests are waiting for the object store right now (a cache
 * miss being fetched). The concurrency cap counts handler work, not waiting: while misses wait on
 * a slow or stuck store, the poll loop keeps dispatching up to the cap of requests that are not
 * waiting, so cache hits keep flowing. The total stays bounded ({@link PollLoop}).
 */
final class StoreWaits {
    private final AtomicInteger waiting = new AtomicInteger();

    void enter() {
        waiting.incrementAndGet();
    }

    void exit() {
        waiting.decrementAndGet();
    }

    int get() {
        return waiting.get();
    }
}
