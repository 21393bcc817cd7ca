package io.memrun.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time used by this JVM's threads between two points, split by who used it: the benchmark's
 * clients (its load threads and the JDK HTTP client), the embedded Kafka broker (which in
 * production runs elsewhere), and memrun itself (gateway, worker, their Kafka clients, and the
 * virtual-thread carriers that run Helidon's and the worker's handlers). Threads that start and end
 * between the two points are missed; on the request path all the busy threads are long-lived.
 */
final class CpuMeter {
    /** Kafka broker threads: network/request handlers, KRaft, log and replica machinery, schedulers. */
    private static final Pattern BROKER = Pattern.compile(String.join("|",
            "data-plane-.*", "controller-.*", "broker-\\d+-.*", "kafka-\\d+-.*", "kafka-request-handler.*",
            "kafka-network-thread.*", "kafka-scheduler.*", "kafka-log-cleaner.*", "raft-.*", "quorum-.*",
            "ExpirationReaper.*", "ReplicaFetcher.*", "LogDirFailureHandler.*", "group-coordinator.*",
            "share-coordinator.*", "transaction-coordinator.*", "ThrottledChannelReaper.*", "executor-.*",
            "AddPartitionsToTxn.*", "TxnMarkerSenderThread.*", "RemoteLogManager.*", "persister-.*", "client-metrics-.*",
            "features-thread", "metrics-meter-tick-thread.*", "memrun-kafka-startup", ".*-reaper"));
    private static final Pattern CLIENT = Pattern.compile("bench-client-.*|HttpClient-.*");
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> start = snapshot();

    /**
     * CPU per group since construction.
     *
     * @param clientNanos the benchmark's load generators
     * @param brokerNanos the embedded broker
     * @param memrunNanos everything else: the gateway and the worker
     */
    record Usage(long clientNanos, long brokerNanos, long memrunNanos) {
        long totalNanos() {
            return clientNanos + brokerNanos + memrunNanos;
        }
    }

    Usage stop() {
        Map<String, Long> byName = new java.util.TreeMap<>();
        long client = 0;
        long broker = 0;
        long memrun = 0;
        long[] ids = MX.getAllThreadIds();
        for (ThreadInfo info : MX.getThreadInfo(ids)) {
            if (info == null) {
                continue;
            }
            long now = MX.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            long used = now - start.getOrDefault(info.getThreadId(), 0L);
            String name = info.getThreadName();
            byName.merge(groupOf(name) + " " + name.replaceAll("\\d+", "N"), used, Long::sum);
            if (CLIENT.matcher(name).matches()) {
                client += used;
            } else if (BROKER.matcher(name).matches()) {
                broker += used;
            } else {
                memrun += used;
            }
        }
        if (Boolean.getBoolean("memrun.bench.threads")) {
            // For checking the grouping: -Dmemrun.bench.threads=true prints where the CPU went.
            byName.entrySet().stream().filter(e -> e.getValue() > 1_000_000)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
                    .forEach(e -> System.out.printf("    cpu %8.1f ms  %s%n", e.getValue() / 1e6, e.getKey()));
        }
        return new Usage(client, broker, memrun);
    }

    /** Whether the JVM can measure per-thread CPU at all. */
    static boolean supported() {
        return MX.isThreadCpuTimeSupported() && MX.isThreadCpuTimeEnabled();
    }

    /** Which group a thread name falls into, for checking the patterns. */
    static String groupOf(String threadName) {
        return CLIENT.matcher(threadName).matches() ? "client" : BROKER.matcher(threadName).matches() ? "broker" : "memrun";
    }

    private static Map<Long, Long> snapshot() {
        Map<Long, Long> m = new HashMap<>();
        for (long id : MX.getAllThreadIds()) {
            long t = MX.getThreadCpuTime(id);
            if (t >= 0) {
                m.put(id, t);
            }
        }
        return m;
    }
}
