package io.memrun.bench;

import io.memrun.runtime.wire.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * What Kafka itself costs a request on this machine: the request path's two hops with nothing of
 * memrun in between. One client produces a record to a request topic and waits for its echo on a
 * reply topic; an echo thread consumes the request topic and produces each record to the reply
 * topic. Same broker, same client settings as the platform ({@link KafkaSettings#producer},
 * {@link KafkaSettings#replyConsumer} and its assigned-consumer base), no HTTP, no handler, no
 * offset commits: the floor that memrun's round trip is a ratio to.
 */
final class KafkaFloor implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final KafkaSettings kafka;
    private final String requests;
    private final String replies;
    private final KafkaProducer<String, byte[]> clientProducer;
    private final KafkaConsumer<String, byte[]> clientConsumer;
    private final Thread echo;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> echoConsumer;
    /** Why the echo stopped, if it did on its own: round trips then fail at once instead of timing out. */
    private volatile Throwable echoFailure;
    private long sequence;

    private KafkaFloor(KafkaSettings kafka, String prefix) throws Exception {
        this.kafka = kafka;
        this.requests = prefix + "-requests";
        this.replies = prefix + "-replies";
        try (Admin admin = Admin.create(kafka.admin())) {
            admin.createTopics(List.of(new NewTopic(requests, 1, (short) 1), new NewTopic(replies, 1, (short) 1))).all().get();
        }
        KafkaProducer<String, byte[]> producer = null;
        KafkaConsumer<String, byte[]> consumer = null;
        try {
            producer = new KafkaProducer<>(kafka.producer("bench-floor-client"));
            consumer = new KafkaConsumer<>(kafka.replyConsumer("bench-floor-client"));
            TopicPartition replyPartition = new TopicPartition(replies, 0);
            consumer.assign(List.of(replyPartition));
            consumer.seekToEnd(List.of(replyPartition));
            consumer.position(replyPartition, WAIT); // fixed now, so no reply can be missed
        } catch (RuntimeException e) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(2));
            }
            if (consumer != null) {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
            }
            deleteTopics();
            throw e;
        }
        this.clientProducer = producer;
        this.clientConsumer = consumer;
        this.echo = Thread.ofPlatform().daemon().name("bench-floor-echo").start(this::echoLoop);
    }

    /** Creates the two topics (named after {@code prefix}) and starts the echo. */
    static KafkaFloor start(KafkaSettings kafka, String prefix) throws Exception {
        return new KafkaFloor(kafka, prefix);
    }

    /** One round trip: produce a request, wait for its echo. Call from one thread at a time. */
    void roundTrip(byte[] body) throws Exception {
        if (echoFailure != null) {
            throw new IllegalStateException("the floor's echo stopped: " + echoFailure, echoFailure);
        }
        String key = Long.toString(++sequence);
        clientProducer.send(new ProducerRecord<>(requests, key, body));
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            for (ConsumerRecord<String, byte[]> r : clientConsumer.poll(Duration.ofMillis(100))) {
                if (key.equals(r.key())) {
                    return;
                }
            }
        }
        throw new IllegalStateException("no echo of request " + key + " within " + WAIT);
    }

    private void echoLoop() {
        TopicPartition in = new TopicPartition(requests, 0);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.assignedConsumer("bench-floor-echo"));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("bench-floor-echo"))) {
            echoConsumer = consumer;
            consumer.assign(Set.of(in));
            consumer.seekToBeginning(Set.of(in));
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    producer.send(new ProducerRecord<>(replies, r.key(), r.value()));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException | Error e) {
            echoFailure = e;
        }
    }

    @Override
    public void close() throws ExecutionException {
        running = false;
        KafkaConsumer<String, byte[]> c = echoConsumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            echo.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // still clean up below
        } finally {
            clientProducer.close(Duration.ofSeconds(2));
            clientConsumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
            deleteTopics();
        }
    }

    private void deleteTopics() throws ExecutionException {
        try (Admin admin = Admin.create(kafka.admin())) {
            admin.deleteTopics(List.of(requests, replies)).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
