package io.memrun.runtime.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.memrun.runtime.wire.WireReply;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Requests submitted with {@code POST .../submit}, kept until their client polls them or for
 * 10 minutes, whichever is first; at most 100,000 at once (the oldest go first).
 */
final class AsyncRequests {
    private final Cache<String, Submitted> byId = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();

    void put(Submitted s) {
        byId.put(s.requestId(), s);
    }

    Optional<Submitted> find(String requestId) {
        return Optional.ofNullable(byId.getIfPresent(requestId));
    }

    void remove(String requestId) {
        byId.invalidate(requestId);
    }

    /** A submitted request: its reply, once it arrives, and its deadline. */
    record Submitted(String requestId, String service, CompletableFuture<WireReply> reply, long deadlineMs) {
    }
}
