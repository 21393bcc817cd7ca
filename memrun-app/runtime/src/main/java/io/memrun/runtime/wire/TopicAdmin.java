package io.memrun.runtime.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownMemberIdException;
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
        create(new NewTopic(name, java.util.Optional.of(partitions), java.util.Optional.empty())
                .configs(Map.of("max.message.bytes", Integer.toString(settings.maxRecordBytes()))));
        return awaitPartitions(name);
    }

    /** Creates the topic; false if it existed already. */
    private boolean create(NewTopic topic) throws Exception {
        try {
            admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            return false;
        }
    }

    /** The topic's partition count; a just-created topic may not be in the metadata yet: waits for it. */
    private int awaitPartitions(String name) throws Exception {
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

    /**
     * Creates a topic with explicit replication and configs unless it exists, and corrects the
     * configs of an existing one where they differ (config drift). The partition count of an
     * existing topic is never changed: that would move keys and cold-start every cache.
     *
     * @return the topic's partition count (the existing one if it existed)
     */
    public int ensureTopic(String name, int partitions, short replication, Map<String, String> configs) throws Exception {
        boolean created = create(new NewTopic(name, partitions, replication).configs(configs));
        int actual = awaitPartitions(name);
        if (!created) {
            alignConfigs(name, configs);
        }
        return actual;
    }

    /** Sets each of {@code wanted} whose value on the topic differs; returns the keys it changed. */
    public List<String> alignConfigs(String topic, Map<String, String> wanted) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config current = admin.describeConfigs(List.of(resource)).all().get(15, TimeUnit.SECONDS).get(resource);
        List<AlterConfigOp> ops = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        wanted.forEach((k, v) -> {
            ConfigEntry entry = current.get(k);
            if (entry == null || !v.equals(entry.value())) {
                ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET));
                changed.add(k);
            }
        });
        if (!ops.isEmpty()) {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(15, TimeUnit.SECONDS);
        }
        return changed;
    }

    /** The configs of a topic, as the broker reports them (defaults included). */
    public Map<String, String> topicConfigs(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(15, TimeUnit.SECONDS).get(resource);
        Map<String, String> out = new java.util.TreeMap<>();
        config.entries().forEach(e -> {
            if (e.value() != null) {
                out.put(e.name(), e.value());
            }
        });
        return out;
    }

    /** The partition count of {@code topic}, if it exists. */
    public java.util.Optional<Integer> partitions(String topic) throws Exception {
        try {
            return java.util.Optional.of(admin.describeTopics(Set.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS)
                    .get(topic).partitions().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /** Every topic whose name starts with {@code prefix}. */
    public Set<String> topicsWithPrefix(String prefix) throws Exception {
        Set<String> out = new java.util.TreeSet<>();
        for (String t : admin.listTopics().names().get(15, TimeUnit.SECONDS)) {
            if (t.startsWith(prefix)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Deletes the topics that exist among {@code topics}; a missing one is not an error. */
    public void deleteTopics(Set<String> topics) throws Exception {
        if (topics.isEmpty()) {
            return;
        }
        try {
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
    }

    /** How many brokers the cluster has. */
    public int brokerCount() throws Exception {
        return admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).size();
    }

    /** The {@code group.instance.id}s of the group's current static members. */
    public Set<String> staticMembers(String group) throws Exception {
        ConsumerGroupDescription d;
        try {
            d = admin.describeConsumerGroups(List.of(group)).all().get(15, TimeUnit.SECONDS).get(group);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                return Set.of(); // no member ever joined, or the group expired
            }
            throw e;
        }
        Set<String> ids = new java.util.TreeSet<>();
        for (MemberDescription m : d.members()) {
            m.groupInstanceId().ifPresent(ids::add);
        }
        return ids;
    }

    /**
     * Removes static members from a group now, so their partitions move at once instead of after
     * the session timeout. Members already gone are ignored.
     */
    public void removeStaticMembers(String group, Set<String> instanceIds) throws Exception {
        Set<String> present = staticMembers(group);
        List<MemberToRemove> remove = instanceIds.stream().filter(present::contains).map(MemberToRemove::new).toList();
        if (remove.isEmpty()) {
            return;
        }
        try {
            admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(remove))
                    .all().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownMemberIdException
                    || e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
                throw e;
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
