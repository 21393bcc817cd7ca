package io.memrun.runtime.wire;

import java.util.Set;

/**
 * A step of a warm handoff that the scheduler asks one server's worker to take, as JSON on
 * {@link #TOPIC} keyed by the server's name. Orders are level-triggered: the scheduler sends one
 * every round until the worker's heartbeat (or the store) shows it done, so a worker applies each
 * idempotently and one that missed an order gets it again.
 *
 * @param server the server whose worker acts (its heartbeat's host)
 * @param action one of {@link #ACTIONS}
 * @param hotSet the hot set's URI ({@code s3://bucket/key}): where to publish it, or where to warm from
 * @param budgetBytes for {@value #PUBLISH_HOT_SET}: the successor's disk budget
 * @param bytesPerSecond for {@value #WARM}: the fetch rate not to exceed, 0 for none
 * @param sentAtMs epoch milliseconds when sent; workers ignore orders older than {@link #MAX_AGE_MS}
 */
public record HandoffOrder(String server, String action, String hotSet, long budgetBytes, long bytesPerSecond,
                           long sentAtMs) {
    /** The topic orders go to: one partition, read from its end by every cloud worker. */
    public static final String TOPIC = "memrun.control";
    /** Predecessor: write your hot set to {@code hotSet}. */
    public static final String PUBLISH_HOT_SET = "publish-hot-set";
    /** Successor in standby: fetch the hot set at {@code hotSet}. */
    public static final String WARM = "warm";
    /** Predecessor: drain, commit, close without leaving the group. */
    public static final String HAND_OFF = "hand-off";
    /** Successor in standby: join the group with the slot's id. */
    public static final String JOIN = "join";
    public static final Set<String> ACTIONS = Set.of(PUBLISH_HOT_SET, WARM, HAND_OFF, JOIN);
    /** Orders older than this are stale (a worker reading the topic from an old offset). */
    public static final long MAX_AGE_MS = 60_000;
}
