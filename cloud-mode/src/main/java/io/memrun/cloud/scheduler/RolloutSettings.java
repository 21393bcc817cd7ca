package io.memrun.cloud.scheduler;

import java.time.Duration;
import java.util.Objects;

/**
 * How a rolling deploy replaces a slot.
 *
 * @param warmDeadline how long a successor may spend fetching its predecessor's hot set; past it
 *     the handoff goes ahead with what is on disk (warmth is lost, never a request)
 * @param warmBytesPerSecond the fetch rate a warming successor must not exceed (0: no limit), so a
 *     warmup does not starve the store or the workers still serving
 * @param verifyFor how long a successor must serve, with an error rate under {@code maxErrorRate},
 *     before its predecessor is deleted and the next slot starts
 * @param maxErrorRate the share of 5xx replies above which a new revision is reverted
 * @param minRequestsToJudge below this many replies during {@code verifyFor} the error rate is not judged
 * @param warmHandoff false: successors join without warming up (the seed's "starts cold"; for comparisons)
 */
public record RolloutSettings(Duration warmDeadline, long warmBytesPerSecond, Duration verifyFor, double maxErrorRate,
                              int minRequestsToJudge, boolean warmHandoff) {
    public RolloutSettings {
        Objects.requireNonNull(warmDeadline, "warmDeadline");
        Objects.requireNonNull(verifyFor, "verifyFor");
        if (warmBytesPerSecond < 0 || maxErrorRate < 0 || maxErrorRate > 1 || minRequestsToJudge < 0) {
            throw new IllegalArgumentException("rollout settings out of range: " + warmBytesPerSecond + " B/s, error rate "
                    + maxErrorRate + ", " + minRequestsToJudge + " requests");
        }
    }

    /** 5 minutes to warm at up to 100 MB/s, 10 s of verification, revert above 10 % errors (of at least 20). */
    public static RolloutSettings defaults() {
        return new RolloutSettings(Duration.ofMinutes(5), 100_000_000L, Duration.ofSeconds(10), 0.10, 20, true);
    }
}
