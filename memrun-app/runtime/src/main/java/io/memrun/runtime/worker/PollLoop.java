package io.memrun.runtime.worker;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one platform thread that owns a worker's consumer: polls its partitions, keeps a backlog of
 * records not yet started, dispatches up to {@code concurrency} at once to the
 * {@link RequestExecutor}, pauses fetching while full (the broker keeps the rest), applies
 * completions and commits. On a stop it drains ({@link Drain}), commits and leaves the group; on a
 * crash it stays a silent static member, exactly as a killed process would.
 */
final class PollLoop {
    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    /** How long a revoked partition waits for its running requests before they are left to redelivery. */
    private static final Duration REVOKE_WAIT = Duration.ofSeconds(5);

    private final String workerId;
    private final KafkaConsumer<String, byte[]> consumer;
    private final OffsetTracker offsets;
    private final RequestExecutor executor;
    private final int concurrency;
    private final StoreWaits storeWaits;
    /** Requests waiting for the store do not count against {@code concurrency}, up to this many in all. */
    static final int MAX_IN_FLIGHT_FACTOR = 4;
    private final Duration drainTimeout;
    private final Runnable assignmentChanged;
    private final Deque<ConsumerRecord<String, byte[]>> backlog = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile Stop how = Stop.LEAVE;
    private volatile Set<Integer> assigned = Set.of();

    /**
     * @param assignmentChanged called on the poll thread when partitions come or go (to report at once)
     */
    PollLoop(String workerId, KafkaConsumer<String, byte[]> consumer, OffsetTracker offsets, RequestExecutor executor,
             int concurrency, StoreWaits storeWaits, Duration drainTimeout, Runnable assignmentChanged) {
        this.workerId = workerId;
        this.storeWaits = storeWaits;
        this.consumer = consumer;
        this.offsets = offsets;
        this.executor = executor;
        this.concurrency = concurrency;
        this.drainTimeout = drainTimeout;
        this.assignmentChanged = assignmentChanged;
        this.thread = Thread.ofPlatform().name("memrun-worker-" + workerId).unstarted(this::run);
    }

    /** How a poll loop ends. */
    enum Stop {
        /** Drain, commit, leave the group: its partitions move to the other members now. */
        LEAVE,
        /**
         * Drain, commit, close without leaving: the static member stays until its session times out,
         * so a successor joining with the same {@code group.instance.id} before then takes exactly its
         * partitions without a rebalance.
         */
        HAND_OFF,
        /** Stop dead, as a killed process would: no drain, no commit, a silent member. */
        CRASH
    }

    /** Subscribes to {@code topic} and starts polling; a second call does nothing. */
    synchronized void start(String topic) {
        if (started || !running) {
            return;
        }
        started = true;
        consumer.subscribe(List.of(topic), new Rebalance());
        thread.start();
    }

    /** Whether {@link #start} was called. */
    boolean started() {
        return started;
    }

    /** The partitions owned now. */
    Set<Integer> assigned() {
        return assigned;
    }

    private void run() {
        try {
            try {
                while (running) {
                    pollOnce();
                }
            } catch (WakeupException e) {
                // stop() woke us; fall through to the drain
            }
            drainUnlessCrashed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("worker {} stopped on an unexpected error", workerId, e);
        } finally {
            try {
                consumer.close(CloseOptions.groupMembershipOperation(how == Stop.LEAVE
                                ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                                : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                        .withTimeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                LOG.debug("consumer close failed", e);
            }
            stopped.countDown();
        }
    }

    private void pollOnce() {
        offsets.applyCompletions(true);
        dispatchBacklog();
        // Full: stop fetching rather than queue without bound; the broker keeps the rest.
        if (!backlog.isEmpty() || !hasRoom()) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(offsets.inFlight() > 0 ? 5 : 100))) {
            backlog.add(r);
        }
        dispatchBacklog();
    }

    /**
     * Whether another request may start: fewer than {@code concurrency} are working (requests
     * waiting for the object store do not count), and fewer than {@value #MAX_IN_FLIGHT_FACTOR}
     * times that are in flight in all.
     */
    private boolean hasRoom() {
        int inFlight = offsets.inFlight();
        return inFlight - storeWaits.get() < concurrency && inFlight < concurrency * MAX_IN_FLIGHT_FACTOR;
    }

    private void dispatchBacklog() {
        while (!backlog.isEmpty() && hasRoom()) {
            ConsumerRecord<String, byte[]> r = backlog.removeFirst();
            offsets.dispatched(new TopicPartition(r.topic(), r.partition()), r.offset());
            executor.execute(r);
        }
    }

    private void drainUnlessCrashed() throws InterruptedException {
        if (how == Stop.CRASH) {
            return;
        }
        backlog.clear(); // not started: left for redelivery to whoever owns the partition next
        if (!Drain.all(offsets, drainTimeout)) {
            LOG.warn("worker {}: {} requests still running after {}; they will be redelivered",
                    workerId, offsets.inFlight(), drainTimeout);
        }
        offsets.commit(true);
    }

    /**
     * Stops polling {@code how}; waits up to {@code timeout} for the thread to finish. The first stop
     * decides; later ones only wait. A loop never started just stops.
     */
    void stop(Stop how, Duration timeout) {
        synchronized (this) {
            if (!running) {
                awaitStopped(timeout);
                return;
            }
            this.how = how;
            running = false;
            if (!started) {
                stopped.countDown();
                return;
            }
        }
        consumer.wakeup();
        awaitStopped(timeout);
    }

    private void awaitStopped(Duration timeout) {
        try {
            if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("worker {} did not stop within {}", workerId, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps offsets honest across rebalances. Runs on the poll thread, inside poll(). */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Stop taking work from these partitions, give running requests a bounded chance to
            // finish, and commit what finished; the rest is redelivered to the new owner and the
            // gateway drops whichever reply comes second.
            backlog.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            if (running) {
                try {
                    Drain.partitions(offsets, partitions, REVOKE_WAIT);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            offsets.applyCompletions(false);
            offsets.commit(true);
            offsets.forget(partitions);
            updateAssigned();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            updateAssigned();
            LOG.debug("worker {} assigned {}", workerId, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            backlog.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            offsets.forget(partitions);
            updateAssigned();
        }

        private void updateAssigned() {
            Set<Integer> now = new HashSet<>();
            consumer.assignment().forEach(tp -> now.add(tp.partition()));
            assigned = Set.copyOf(now);
            assignmentChanged.run();
        }
    }
}
