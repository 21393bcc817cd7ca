package io.memrun.runtime.worker;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which requests a worker has dispatched and which have a durable reply, and the commits that
 * follow from that: an offset is committed only when every request before it in its partition
 * is done. Handler threads report completions through a queue; everything else runs on the poll
 * thread, which owns the consumer.
 *
 * <p>While serving, offsets are committed at most every {@link #COMMIT_INTERVAL} rather than after
 * every poll that finished something: a commit is a broker write, and one per request was a third
 * of the request path's broker writes (request, reply, commit). The price is bounded: a worker that
 * dies loses at most that much progress, and those requests, whose replies were already sent, are
 * redelivered (the platform is at-least-once; a late second reply finds no waiting client). Drains,
 * handoffs and revocations still commit synchronously, at once.
 */
final class OffsetTracker {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetTracker.class);

    private final KafkaConsumer<?, ?> consumer;
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final ConcurrentLinkedQueue<Done> completed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Signalled whenever a request ends, so a drain waits on it instead of polling. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    private long endings;
    /** How often offsets are committed while serving. */
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(500);
    private final long commitIntervalNanos;
    /** Poll thread: some offset moved since the last commit. */
    private boolean uncommitted;
    private long lastCommitNanos = System.nanoTime();

    OffsetTracker(KafkaConsumer<?, ?> consumer) {
        this(consumer, COMMIT_INTERVAL);
    }

    OffsetTracker(KafkaConsumer<?, ?> consumer, Duration commitInterval) {
        this.consumer = consumer;
        this.commitIntervalNanos = commitInterval.toNanos();
    }

    /** Poll thread: a request was handed to a handler. */
    void dispatched(TopicPartition tp, long offset) {
        progress.computeIfAbsent(tp, k -> new PartitionProgress()).dispatched(offset);
        inFlight.incrementAndGet();
    }

    /** Any thread: the request's reply is durable (or it needed none); its offset may be committed. */
    void done(TopicPartition tp, long offset) {
        completed.add(new Done(tp, offset));
        signalEnded();
    }

    /**
     * Any thread: the request ended without a durable reply. Its slot is free again, but its
     * offset stays uncommitted, so the request is redelivered after a restart or rebalance.
     */
    void abandoned() {
        inFlight.decrementAndGet();
        signalEnded();
    }

    private void signalEnded() {
        lock.lock();
        try {
            endings++;
            ended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many requests have ended so far; pass it to {@link #awaitEnding} to wait for the next one. */
    long endings() {
        lock.lock();
        try {
            return endings;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a request ends after {@code seen} endings were counted, or the time is up.
     *
     * @return whether one ended
     */
    boolean awaitEnding(long seen, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (endings == seen) {
                if (left <= 0) {
                    return false;
                }
                left = ended.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Requests dispatched and not yet done or abandoned. */
    int inFlight() {
        return inFlight.get();
    }

    /**
     * Poll thread: applies completions; if {@code commit}, commits (asynchronously) what moved once
     * the last commit is {@link #COMMIT_INTERVAL} old.
     */
    void applyCompletions(boolean commit) {
        boolean any = false;
        Done d;
        while ((d = completed.poll()) != null) {
            inFlight.decrementAndGet();
            PartitionProgress p = progress.get(d.partition());
            if (p != null) {
                p.finished(d.offset());
            }
            any = true;
        }
        uncommitted |= any;
        if (commit && uncommitted && System.nanoTime() - lastCommitNanos >= commitIntervalNanos) {
            commit(false);
        }
    }

    /** Poll thread: commits every partition's committable offset. */
    void commit(boolean sync) {
        uncommitted = false;
        lastCommitNanos = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((tp, p) -> {
            long next = p.takeCommittable();
            if (next >= 0) {
                offsets.put(tp, new OffsetAndMetadata(next));
            } else if (sync && p.lastTaken() >= 0) {
                // Sent before, asynchronously, and that commit may have failed: a drain, handoff or
                // revocation sends it again rather than leave answered requests to be redelivered.
                offsets.put(tp, new OffsetAndMetadata(p.lastTaken()));
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                try {
                    consumer.commitSync(offsets, Duration.ofSeconds(5));
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    // A stop's wakeup() that landed outside poll() is consumed by the next blocking call:
                    // this one. The final commit of a drain or handoff must not be lost to it.
                    consumer.commitSync(offsets, Duration.ofSeconds(5));
                }
            } catch (RuntimeException e) {
                LOG.warn("commit failed; those requests will be redelivered: {}", e.getMessage());
            }
        } else {
            consumer.commitAsync(offsets, (o, e) -> {
                if (e != null) {
                    LOG.debug("async commit failed (a later commit covers it)", e);
                }
            });
        }
    }

    /** Poll thread: requests dispatched on these partitions and not yet done. */
    int inFlight(Collection<TopicPartition> partitions) {
        int n = 0;
        for (TopicPartition tp : partitions) {
            PartitionProgress p = progress.get(tp);
            n += p == null ? 0 : p.inFlight();
        }
        return n;
    }

    /** Poll thread: forgets partitions this worker no longer owns. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(progress::remove);
    }

    private record Done(TopicPartition partition, long offset) {
    }
}
