package io.memrun.cloud.scheduler;

import io.memrun.runtime.wire.Heartbeat;
import io.memrun.runtime.wire.TopicAdmin;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The topics cloud mode keeps on the user's cluster, with the configs of CLOUD.md: request topics
 * replicated {@code min(3, brokers)} with {@code min.insync.replicas=2} where that is 3, no unclean
 * leader election, retention long enough to replay what is unanswered and segments well below it;
 * a compacted heartbeat topic. An existing topic's configs are corrected if they drifted; its
 * partition count is never changed.
 */
public final class CloudTopics {
    /** How long unanswered requests stay replayable. */
    public static final Duration REQUEST_RETENTION = Duration.ofHours(6);
    /** Request segments roll this often, so retention can delete them. */
    public static final Duration REQUEST_SEGMENT = Duration.ofHours(1);

    private final TopicAdmin admin;
    private final int maxRecordBytes;

    public CloudTopics(TopicAdmin admin, int maxRecordBytes) {
        this.admin = admin;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The replication factor for this cluster: {@code min(3, brokers)}. */
    public short replication() throws Exception {
        return (short) Math.min(3, Math.max(1, admin.brokerCount()));
    }

    /** The configs of a request topic at replication {@code rf}. */
    public Map<String, String> requestConfigs(short rf) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("min.insync.replicas", rf >= 3 ? "2" : "1");
        c.put("unclean.leader.election.enable", "false");
        c.put("retention.ms", Long.toString(REQUEST_RETENTION.toMillis()));
        c.put("segment.ms", Long.toString(REQUEST_SEGMENT.toMillis()));
        c.put("max.message.bytes", Integer.toString(maxRecordBytes));
        return c;
    }

    /** The configs of the heartbeat topic. */
    public static Map<String, String> heartbeatConfigs() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", "compact");
        c.put("segment.ms", Long.toString(Duration.ofMinutes(10).toMillis()));
        return c;
    }

    /** Creates or corrects the heartbeat topic. */
    public void ensureShared() throws Exception {
        short rf = replication();
        admin.ensureTopic(Heartbeat.TOPIC, 1, rf, heartbeatConfigs());
        // Orders are read from the end and repeated until done: an hour of them is plenty.
        admin.ensureTopic(io.memrun.runtime.wire.HandoffOrder.TOPIC, 1, rf, Map.of("retention.ms", "3600000"));
    }

    /**
     * Creates or corrects a service's request topic.
     *
     * @throws IllegalStateException naming both counts if the topic exists with another partition count
     */
    public void ensureRequests(String topic, int partitions) throws Exception {
        short rf = replication();
        int actual = admin.ensureTopic(topic, partitions, rf, requestConfigs(rf));
        if (actual != partitions) {
            throw new IllegalStateException("topic " + topic + " exists with " + actual + " partitions, but the service"
                    + " needs " + partitions + "; memrun never changes a topic's partition count (it would move keys and"
                    + " cold-start every cache): delete the topic, or deploy under another service name");
        }
    }
}
