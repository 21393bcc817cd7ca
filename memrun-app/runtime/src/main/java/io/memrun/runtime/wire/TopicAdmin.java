package io.memrun.runtime.wire;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the platform's topics, idempotently, with the record size limit the gateway enforces and
 * the cluster's default replication factor.
 */
public final class TopicAdmin implements AutoCloseable {
    private final Admin admin;
    private final KafkaSettings settings;

    public TopicAdmin(KafkaSettings settings) {
        this.settings = settings;
        this.admin = Admin.create(settings.admin());
    }

    /**
     * Creates a topic unless it exists; returns its partition count (the existing one if it
     * existed, which may differ from {@code partitions}).
     */
    public int ensureTopic(String name, int partitions) throws Exception {
        NewTopic topic = new NewTopic(name, java.util.Optional.of(partitions), java.util.Optional.empty())
                .configs(Map.of("max.message.bytes", Integer.toString(settings.maxRecordBytes())));
        try {
            admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        // A just-created topic may not be in the metadata yet; wait for it rather than fail.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return admin.describeTopics(Set.of(name)).allTopicNames().get(15, TimeUnit.SECONDS)
                        .get(name).partitions().size();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > until) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Whether the cluster answers within the timeout. */
    public boolean reachable(long timeoutMs) {
        try {
            admin.describeCluster().clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
