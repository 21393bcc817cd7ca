package io.memrun.runtime.registry;

import io.memrun.runtime.wire.Heartbeat;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a heartbeat must be to be recorded. Anyone who can produce to the heartbeat topic could
 * otherwise add workers to {@code /workers} and {@code /metrics} at will: a heartbeat must name a
 * deployed service, a plausible worker id and host, partitions that exist, a sane interval, and
 * a service keeps at most {@link #maxWorkers} workers heard from in the last ten minutes.
 */
final class HeartbeatCheck {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,255}");

    private HeartbeatCheck() {
    }

    /** How many workers a service may have on record: its maximum, with room for replacements. */
    static int maxWorkers(ServiceRecord service) {
        return Math.max(16, 4 * service.maxWorkers());
    }

    /** Why {@code hb} is refused, or empty if it may be recorded. */
    static Optional<String> reject(Heartbeat hb, ServiceRegistry services) throws SQLException {
        if (hb.service() == null || hb.workerId() == null || hb.host() == null) {
            return Optional.of("incomplete heartbeat");
        }
        Optional<ServiceRecord> service = services.find(hb.service());
        if (service.isEmpty()) {
            return Optional.of("no service named '" + shorten(hb.service()) + "' is deployed");
        }
        if (!ID.matcher(hb.workerId()).matches() || !HOST.matcher(hb.host()).matches()) {
            return Optional.of("malformed worker id or host");
        }
        int partitions = service.get().partitions();
        if (hb.partitions().size() > partitions || hb.partitions().stream().anyMatch(p -> p == null || p < 0 || p >= partitions)) {
            return Optional.of("partitions outside 0.." + (partitions - 1));
        }
        if (!hb.knownPhase()) {
            return Optional.of("unknown phase '" + shorten(hb.phase()) + "'");
        }
        if (hb.intervalMs() < 10 || hb.intervalMs() > 600_000) {
            return Optional.of("heartbeat interval " + hb.intervalMs() + " ms is outside 10 ms..10 min");
        }
        // Only workers heard from lately count: rows of servers long gone must not lock new ones out.
        java.time.Instant recent = java.time.Instant.now().minus(java.time.Duration.ofMinutes(10));
        var known = services.workers().forService(hb.service()).stream().filter(w -> w.receivedAt().isAfter(recent)).toList();
        boolean seen = known.stream().anyMatch(w -> w.heartbeat().workerId().equals(hb.workerId())
                && w.heartbeat().host().equals(hb.host()));
        if (!seen && known.size() >= maxWorkers(service.get())) {
            return Optional.of(hb.service() + " already has " + known.size() + " workers on record (the most is "
                    + maxWorkers(service.get()) + ")");
        }
        return Optional.empty();
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
