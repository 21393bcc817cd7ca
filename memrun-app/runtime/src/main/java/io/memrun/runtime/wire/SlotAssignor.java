package io.memrun.runtime.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;

/**
 * Gives each worker the same partitions whenever the same workers are in the group, whatever order
 * they join in and whatever happened before: the assignment is a function of the workers' stable ids
 * ({@code group.instance.id}: the dev worker id or the cloud slot) and the partition count only. So a
 * whole stack stopped and started again (where no worker remembers what it owned) finds each worker's
 * partitions, and so the keys its disk cache is warm for, where they were. Kafka's cooperative-sticky
 * assignor keeps partitions where they are while members stay, but starts from scratch when none of
 * them remembers, and then hands out partitions by member ids that carry a random suffix: after a
 * restart of {@code memrun dev} half the partitions moved and warm keys became misses.
 *
 * <p>How: balanced rendezvous hashing. Every partition ranks the members by a hash of (member id,
 * topic, partition) and goes to the highest-ranked member that still has room; room is
 * {@code floor(P/n)} for every member plus one extra for the first {@code P mod n} members to use it,
 * so counts differ by at most one. A member joining or leaving moves about {@code 1/n} of the
 * partitions, as a consistent hash would, rather than reshuffling them.
 *
 * <p>Cooperative: a partition that another member still owns is not handed to its new owner in the same
 * rebalance; the owner revokes it, rejoins, and the follow-up rebalance moves it (KIP-429's rule, which
 * Kafka's consumer checks on the leader). Members without an instance id sort by member id.
 */
public final class SlotAssignor implements ConsumerPartitionAssignor {

    /** The protocol name in the group; every member of a group must offer it. */
    public static final String NAME = "memrun-slot";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.COOPERATIVE, RebalanceProtocol.EAGER);
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> members = groupSubscription.groupSubscription();
        Map<String, String> stableIds = new HashMap<>();
        members.forEach((memberId, s) -> stableIds.put(memberId, s.groupInstanceId().orElse(memberId)));

        Map<String, List<String>> membersByTopic = new TreeMap<>();
        members.forEach((memberId, s) -> s.topics().forEach(
                t -> membersByTopic.computeIfAbsent(t, x -> new ArrayList<>()).add(memberId)));

        Map<String, List<TopicPartition>> target = new HashMap<>();
        members.keySet().forEach(m -> target.put(m, new ArrayList<>()));
        membersByTopic.forEach((topic, subscribers) -> {
            Integer count = metadata.partitionCountForTopic(topic);
            if (count == null || count == 0) {
                return; // not created yet: nothing to hand out
            }
            subscribers.sort(Comparator.comparing((String m) -> stableIds.get(m)).thenComparing(m -> m));
            Map<String, List<Integer>> byMember = assignTopic(topic, count, subscribers, stableIds);
            byMember.forEach((m, ps) -> ps.forEach(p -> target.get(m).add(new TopicPartition(topic, p))));
        });

        Map<String, Assignment> out = new HashMap<>();
        Map<TopicPartition, Set<String>> owners = owners(members);
        target.forEach((memberId, partitions) -> {
            List<TopicPartition> now = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                Set<String> owner = owners.getOrDefault(tp, Set.of());
                // Hand it over now only if nobody else holds it; otherwise it is revoked first.
                if (owner.isEmpty() || owner.contains(memberId)) {
                    now.add(tp);
                }
            }
            out.put(memberId, new Assignment(now));
        });
        return new GroupAssignment(out);
    }

    /**
     * Partitions {@code 0..count-1} of one topic over {@code members} (sorted by stable id, which
     * {@code stableIds} maps member ids to).
     */
    static Map<String, List<Integer>> assignTopic(String topic, int count, List<String> members,
                                                  Map<String, String> stableIds) {
        int n = members.size();
        int floor = count / n;
        int extras = count % n;
        Map<String, List<Integer>> out = new HashMap<>();
        members.forEach(m -> out.put(m, new ArrayList<>()));
        for (int p = 0; p < count; p++) {
            String best = null;
            long bestWeight = 0;
            for (String m : members) {
                int have = out.get(m).size();
                boolean room = have < floor || (have == floor && extras > 0);
                if (!room) {
                    continue;
                }
                long w = weight(stableIds.get(m), topic, p);
                if (best == null || Long.compareUnsigned(w, bestWeight) > 0) {
                    best = m;
                    bestWeight = w;
                }
            }
            List<Integer> got = out.get(best);
            if (got.size() == floor) {
                extras--;
            }
            got.add(p);
        }
        return out;
    }

    /** Who holds each partition now, by the members' own account (two may claim one after a lost generation). */
    private static Map<TopicPartition, Set<String>> owners(Map<String, Subscription> members) {
        Map<TopicPartition, Set<String>> owners = new HashMap<>();
        members.forEach((memberId, s) -> s.ownedPartitions().forEach(
                tp -> owners.computeIfAbsent(tp, x -> new HashSet<>()).add(memberId)));
        return owners;
    }

    /** A well-mixed 64-bit hash of (member, topic, partition): FNV-1a, then SplitMix64's finalizer. */
    static long weight(String member, String topic, int partition) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (member + '\u0000' + topic + '\u0000' + partition).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
