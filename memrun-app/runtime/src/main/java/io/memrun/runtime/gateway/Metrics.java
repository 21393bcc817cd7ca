package io.memrun.runtime.gateway;

import io.memrun.runtime.registry.ServiceRecord;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.registry.WorkerRecord;
import io.memrun.runtime.wire.Heartbeat;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * {@code GET /metrics} in the Prometheus text format: the gateway's counters, and every worker's
 * cache counters as of its last heartbeat.
 */
final class Metrics {
    private final LongSupplier accepted;
    private final LongSupplier rejected;
    private final LongSupplier waiting;
    private final LongSupplier dropped;

    Metrics(LongSupplier accepted, LongSupplier rejected, LongSupplier waiting, LongSupplier dropped) {
        this.accepted = accepted;
        this.rejected = rejected;
        this.waiting = waiting;
        this.dropped = dropped;
    }

    String render(ServiceRegistry registry) throws SQLException {
        StringBuilder sb = new StringBuilder();
        counter(sb, "memrun_gateway_requests_accepted_total", "Requests the gateway queued to Kafka.", accepted.getAsLong());
        counter(sb, "memrun_gateway_requests_rejected_total", "Requests answered with a gateway 4xx/5xx before queuing.", rejected.getAsLong());
        gauge(sb, "memrun_gateway_requests_waiting", "Requests waiting for a reply now.", waiting.getAsLong());
        counter(sb, "memrun_gateway_replies_dropped_total",
                "Replies nobody waited for: duplicates after redelivery, or replies after the client gave up.", dropped.getAsLong());
        String[][] cacheMetrics = {
            {"memrun_worker_cache_hits_total", "getOrFetch calls served from local disk."},
            {"memrun_worker_cache_misses_total", "getOrFetch calls that went to object storage."},
            {"memrun_worker_cache_fetched_bytes_total", "Bytes downloaded from object storage."},
            {"memrun_worker_cache_disk_bytes", "Bytes in the disk cache."},
            {"memrun_worker_cache_items", "Objects in the disk cache."},
            {"memrun_worker_cache_evictions_total", "Objects evicted from the disk cache."},
            {"memrun_worker_memory_hits_total", "getOrCompute calls served from the in-memory store."},
        };
        Instant now = Instant.now();
        for (String[] m : cacheMetrics) {
            sb.append("# HELP ").append(m[0]).append(' ').append(m[1]).append('\n');
            sb.append("# TYPE ").append(m[0]).append(m[0].endsWith("_total") ? " counter\n" : " gauge\n");
            for (ServiceRecord svc : registry.list()) {
                for (WorkerRecord w : registry.workers().forService(svc.name())) {
                    if (!w.status(now).equals("ok")) {
                        continue;
                    }
                    Heartbeat.CacheCounters c = w.heartbeat().cache();
                    long v = switch (m[0]) {
                        case "memrun_worker_cache_hits_total" -> c.hits();
                        case "memrun_worker_cache_misses_total" -> c.misses();
                        case "memrun_worker_cache_fetched_bytes_total" -> c.bytesFetched();
                        case "memrun_worker_cache_disk_bytes" -> c.bytesOnDisk();
                        case "memrun_worker_cache_items" -> c.items();
                        case "memrun_worker_cache_evictions_total" -> c.evictions();
                        default -> c.memoryHits();
                    };
                    sb.append(m[0]).append("{service=\"").append(svc.name()).append("\",worker=\"")
                            .append(w.heartbeat().workerId()).append("\"} ").append(v).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(value).append('\n');
    }
}
