package io.memrun.cloud.hetzner.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every {@code /v1} call the sim answered, in order, so a test can assert on the client's
 * behaviour: how many servers existed after each call (at most one extra during a rollout), how
 * close it came to the rate limit, whether it retried a create.
 */
final class CallLog {
    /** The most calls kept; older ones are dropped first. */
    static final int CAPACITY = 100_000;

    /**
     * One answered call.
     *
     * @param seq increasing from 1, never reused (also after {@link #clear})
     * @param servers how many servers existed once the call was answered
     * @param rateLimitRemaining the {@code RateLimit-Remaining} the response carried
     * @param code the error code of an error response, empty on success
     */
    record Call(long seq, Instant time, String method, String path, String query, int status, String code,
                int servers, int rateLimitRemaining) {
    }

    private final List<Call> calls = new ArrayList<>();
    private long nextSeq = 1;

    synchronized void add(Instant time, String method, String path, String query, int status, String code,
                          int servers, int remaining) {
        if (calls.size() == CAPACITY) {
            calls.removeFirst();
        }
        calls.add(new Call(nextSeq++, time, method, path, query, status, code, servers, remaining));
    }

    /** The calls with a sequence number above {@code afterSeq}. */
    synchronized List<Call> since(long afterSeq) {
        return calls.stream().filter(c -> c.seq() > afterSeq).toList();
    }

    synchronized void clear() {
        calls.clear();
    }
}
