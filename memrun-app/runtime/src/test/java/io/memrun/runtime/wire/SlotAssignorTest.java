package io.memrun.runtime.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The slot assignor: a function of the members' stable ids, balanced, moving little, cooperative. */
class SlotAssignorTest {
    private static final String TOPIC = "memrun.requests.svc";
    private final SlotAssignor assignor = new SlotAssignor();

    private static Cluster cluster(int partitions) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            infos.add(new PartitionInfo(TOPIC, p, node, new Node[] {node}, new Node[] {node}));
        }
        return new Cluster("c", List.of(node), infos, Set.of(), Set.of());
    }

    /** A member as the coordinator names it: instance id plus a random suffix. */
    private static String memberId(String instance) {
        return instance + "-" + UUID.randomUUID();
    }

    private static Subscription subscription(String instance, List<TopicPartition> owned) {
        Subscription s = new Subscription(List.of(TOPIC), null, owned);
        s.setGroupInstanceId(Optional.of(instance));
        return s;
    }

    /** Instance id → partitions, for members that own nothing yet (a fresh start). */
    private Map<String, Set<Integer>> assignFresh(List<String> instances, int partitions) {
        Map<String, Subscription> members = new HashMap<>();
        Map<String, String> instanceOf = new HashMap<>();
        for (String i : instances) {
            String id = memberId(i);
            members.put(id, subscription(i, List.of()));
            instanceOf.put(id, i);
        }
        Map<String, Set<Integer>> out = new TreeMap<>();
        assignor.assign(cluster(partitions), new GroupSubscription(members)).groupAssignment().forEach((id, a) -> {
            Set<Integer> ps = new HashSet<>();
            a.partitions().forEach(tp -> ps.add(tp.partition()));
            out.put(instanceOf.get(id), ps);
        });
        return out;
    }

    @Test
    void assign_sameWorkersInAnyOrderWithNewMemberIds_sameAssignment() {
        List<String> workers = new ArrayList<>(List.of("svc-w0", "svc-w1", "svc-w2"));
        Map<String, Set<Integer>> first = assignFresh(workers, 40);
        Random random = new Random(9);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(workers, random);
            assertEquals(first, assignFresh(workers, 40), "order " + workers);
        }
    }

    @Test
    void assign_manyShapes_everyPartitionOnceAndCountsDifferByAtMostOne() {
        for (int n = 1; n <= 7; n++) {
            for (int partitions = 1; partitions <= 64; partitions++) {
                List<String> workers = new ArrayList<>();
                for (int w = 0; w < n; w++) {
                    workers.add("svc-s" + w);
                }
                Map<String, Set<Integer>> a = assignFresh(workers, partitions);
                Set<Integer> all = new HashSet<>();
                int total = 0;
                int min = Integer.MAX_VALUE;
                int max = 0;
                for (Set<Integer> ps : a.values()) {
                    all.addAll(ps);
                    total += ps.size();
                    min = Math.min(min, ps.size());
                    max = Math.max(max, ps.size());
                }
                String shape = n + " workers, " + partitions + " partitions: " + a;
                assertEquals(partitions, total, shape);
                assertEquals(partitions, all.size(), shape);
                assertTrue(max - min <= 1, shape);
            }
        }
    }

    @Test
    void assign_aThirdWorkerJoins_movesAboutAThirdOfThePartitionsAndOnlyToIt() {
        Map<String, Set<Integer>> two = assignFresh(List.of("svc-w0", "svc-w1"), 40);
        Map<String, Set<Integer>> three = assignFresh(List.of("svc-w0", "svc-w1", "svc-w2"), 40);

        int moved = three.get("svc-w2").size();
        for (String w : List.of("svc-w0", "svc-w1")) {
            Set<Integer> lost = new HashSet<>(two.get(w));
            lost.removeAll(three.get(w));
            Set<Integer> gained = new HashSet<>(three.get(w));
            gained.removeAll(two.get(w));
            moved += gained.size();
            System.out.printf("slot assignor, 2 -> 3 workers: %s lost %d, gained %d%n", w, lost.size(), gained.size());
        }
        System.out.printf("slot assignor, 2 -> 3 workers over 40 partitions: %d partitions changed owner (13 is the least possible)%n", moved);
        assertTrue(moved <= 18, "moved " + moved);
    }

    @Test
    void assign_partitionStillOwnedByAnother_isWithheldUntilItIsRevoked() {
        Map<String, Set<Integer>> target = assignFresh(List.of("svc-w0", "svc-w1"), 8);
        int goesToW1 = target.get("svc-w1").iterator().next();
        // w0 holds every partition (it was alone); w1 just joined and holds nothing.
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            all.add(new TopicPartition(TOPIC, p));
        }
        Map<String, Subscription> members = Map.of("w0-a", subscription("svc-w0", all), "w1-b", subscription("svc-w1", List.of()));

        Map<String, List<TopicPartition>> round1 = new HashMap<>();
        assignor.assign(cluster(8), new GroupSubscription(members)).groupAssignment()
                .forEach((id, a) -> round1.put(id, a.partitions()));

        assertFalse(round1.get("w1-b").contains(new TopicPartition(TOPIC, goesToW1)), "handed over while w0 still owns it");
        assertEquals(target.get("svc-w0").size(), round1.get("w0-a").size(), "w0 keeps only its own share");
        assertTrue(round1.get("w1-b").isEmpty(), round1.toString());

        // After w0 revoked, the follow-up rebalance gives w1 its share.
        Map<String, Subscription> after = Map.of("w0-a", subscription("svc-w0", round1.get("w0-a")),
                "w1-b", subscription("svc-w1", List.of()));
        Map<String, List<TopicPartition>> round2 = new HashMap<>();
        assignor.assign(cluster(8), new GroupSubscription(after)).groupAssignment()
                .forEach((id, a) -> round2.put(id, a.partitions()));
        Set<Integer> w1 = new HashSet<>();
        round2.get("w1-b").forEach(tp -> w1.add(tp.partition()));
        assertEquals(target.get("svc-w1"), w1);
    }
}
