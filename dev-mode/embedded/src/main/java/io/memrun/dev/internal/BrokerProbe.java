package io.memrun.dev.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Asks a broker, the way any client would, whether it serves requests: a describe-cluster call
 * through the Admin client that returns at least one (that is, an unfenced) broker.
 */
public final class BrokerProbe {
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private BrokerProbe() {
    }

    /**
     * Polls until the broker answers or the deadline passes.
     *
     * @throws TimeoutException if the deadline passed first; its cause is the last failure seen
     */
    public static void awaitReady(String bootstrapServers, Deadline deadline)
            throws TimeoutException, InterruptedException {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "memrun-dev-readiness",
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ATTEMPT_TIMEOUT.toMillis());
        Exception last = null;
        try (Admin admin = Admin.create(config)) {
            while (!deadline.expired()) {
                Duration attempt = min(ATTEMPT_TIMEOUT, deadline.remaining());
                try {
                    Collection<Node> nodes = admin
                            .describeCluster(new DescribeClusterOptions().timeoutMs((int) attempt.toMillis()))
                            .nodes()
                            .get(attempt.toMillis(), TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                    // Reachable but not yet unfenced: a heartbeat away, don't spin on it.
                    Thread.sleep(POLL_INTERVAL.toMillis());
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
            }
        }
        TimeoutException timeout = new TimeoutException("broker at " + bootstrapServers + " did not answer");
        timeout.initCause(last);
        throw timeout;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
