package io.memrun.dev;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.memrun.dev.internal.BrokerProbe;
import io.memrun.dev.internal.BrokerSettings;
import io.memrun.dev.internal.Deadline;
import io.memrun.dev.internal.DirectoryLock;
import io.memrun.dev.internal.FreePort;
import io.memrun.dev.internal.KafkaExitGuard;
import io.memrun.dev.internal.KraftStorage;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running inside this JVM: one node in KRaft mode, acting as both
 * broker and controller, listening on {@code localhost}. This is the Kafka of {@code memrun dev}
 * and of memrun's integration tests; any Kafka client can talk to it at
 * {@link #bootstrapServers()}.
 *
 * <h2>Data</h2>
 * Partition logs and the KRaft metadata log live in {@code <dataDir>/logs}. The first start
 * formats that directory (a new cluster id, written to {@code meta.properties}); later starts
 * with the same {@code dataDir} find it formatted and keep every topic, message and committed
 * offset. Restart on the same port to keep the address clients know; a broker first started on
 * port 0 may come back on any port. One broker at a time per data directory: it holds
 * {@code <dataDir>/broker.lock} while it runs, and a second start on the same directory, from
 * this or another process, fails instead of sharing the metadata log.
 *
 * <h2>Defaults</h2>
 * Tuned for a single node on a developer machine: replication factor and min ISR 1 for the
 * internal topics, one partition for {@code __consumer_offsets} and the transaction log, one
 * partition for new topics ({@code num.partitions=1}), no automatic topic creation
 * ({@code auto.create.topics.enable=false}: memrun creates its topics explicitly),
 * {@code group.initial.rebalance.delay.ms=0}, and an 8 MiB log-cleaner buffer instead of
 * 128 MiB. Everything else, {@code message.max.bytes} included, is Kafka's default; any of it
 * can be changed with {@link #start(Path, int, Map)}.
 *
 * <h2>Faults</h2>
 * A fatal broker fault does not end the JVM: while an embedded broker runs, Kafka's exit and
 * halt procedures log and throw instead (Kafka's procedures are JVM-wide; the defaults return
 * when the last embedded broker closes).
 *
 * <p>Instances are thread-safe. Kafka's threads are not daemon threads: {@link #close()} the
 * broker, or the JVM will not exit on its own.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    /** How long {@link #start} waits for the broker to serve requests. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    /** Ports we pick ourselves can be taken before Kafka binds them; that is worth a retry. */
    private static final int BIND_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final int port;
    private final DirectoryLock lock;
    private final String clusterId;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(Launched launched, DirectoryLock lock, String clusterId) {
        this.server = launched.server();
        this.port = launched.port();
        this.lock = lock;
        this.clusterId = clusterId;
    }

    /** A broker that serves requests, and the client port it ended up on. */
    private record Launched(KafkaRaftServer server, int port) {
    }

    /**
     * Starts a broker with the dev defaults; see {@link #start(Path, int, Map)}.
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /**
     * Starts a broker and blocks until it serves client requests: until an Admin client's
     * describe-cluster call at {@link #bootstrapServers()} lists this broker, that is until the
     * controller has elected itself, the broker has registered and been unfenced. Gives up after
     * {@link #START_TIMEOUT}.
     *
     * @param dataDir where the broker keeps its data; created if missing, formatted on first use
     * @param port the client port on {@code localhost}, or 0 for any free port. The controller
     *        listener always takes a free port of its own.
     * @param overrides broker properties (Kafka's names, e.g. {@code message.max.bytes}) that
     *        replace the dev defaults; the listener, quorum, role and log-directory properties
     *        are the embedded broker's own and are rejected
     * @return the running broker
     * @throws IllegalArgumentException if the port is out of range or an override is reserved
     * @throws StartupException if the data directory is in use or cannot be prepared, the port
     *         cannot be bound or the broker is not ready in time; anything already started has
     *         been stopped
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, Map<String, String> overrides) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(overrides, "overrides");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, was " + port);
        }
        // Reject reserved overrides before touching the disk.
        new BrokerSettings(dataDir, 1, 1, overrides);

        long started = System.nanoTime();
        Deadline deadline = Deadline.after(START_TIMEOUT);
        Path logDir = dataDir.resolve("logs");
        // Say so plainly, rather than after Kafka has logged three stack traces about it.
        if (port != 0 && !FreePort.isFree(port)) {
            throw new StartupException("Kafka broker cannot listen on localhost:" + port
                    + ": the port is in use (data in " + logDir + ")");
        }
        DirectoryLock lock = lockDataDir(dataDir);
        try {
            String clusterId = formatStorage(logDir);
            KafkaExitGuard.acquire();
            try {
                EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(
                        launchWithRetries(logDir, port, overrides, deadline), lock, clusterId);
                LOG.info("Kafka broker ready at {} in {} ms (data in {})", broker.bootstrapServers(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), logDir);
                return broker;
            } catch (RuntimeException | Error e) {
                KafkaExitGuard.release();
                throw e;
            }
        } catch (RuntimeException | Error e) {
            try {
                lock.close();
            } catch (IOException unlock) {
                e.addSuppressed(unlock);
            }
            throw e;
        }
    }

    private static String formatStorage(Path logDir) {
        try {
            return KraftStorage.formatIfNeeded(logDir);
        } catch (Exception e) {
            throw new StartupException("Could not prepare Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static DirectoryLock lockDataDir(Path dataDir) {
        Path lockFile = dataDir.resolve("broker.lock");
        try {
            Files.createDirectories(dataDir);
            return DirectoryLock.tryAcquire(lockFile).orElseThrow(() -> new StartupException(
                    "Kafka data directory " + dataDir + " is in use by another embedded broker"
                            + " (in this or another process)"));
        } catch (IOException e) {
            throw new StartupException("Could not lock the Kafka data directory " + dataDir, e);
        }
    }

    private static Launched launchWithRetries(Path logDir, int port, Map<String, String> overrides,
            Deadline deadline) {
        for (int attempt = 1; ; attempt++) {
            int clientPort = port == 0 ? FreePort.pick() : port;
            BrokerSettings settings = new BrokerSettings(logDir, clientPort, FreePort.pick(), overrides);
            try {
                return new Launched(launch(settings, deadline), clientPort);
            } catch (StartupException e) {
                if (attempt >= BIND_ATTEMPTS || !isBindFailure(e)) {
                    throw e;
                }
                LOG.debug("Port taken between picking and binding, retrying: {}", e.getMessage());
            }
        }
    }

    private static KafkaRaftServer launch(BrokerSettings settings, Deadline deadline) {
        String where = "localhost:" + settings.port() + " (data in " + settings.logDir() + ")";
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(new KafkaConfig(settings.toProperties()), Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new StartupException("Kafka broker at " + where + " could not be configured: "
                    + e.getMessage(), e);
        }
        try {
            // KafkaRaftServer.startup() blocks until the broker is unfenced, with no timeout of
            // its own; run it where a hang cannot hold the caller past the deadline.
            CompletableFuture<Void> startup = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("memrun-kafka-startup").start(() -> {
                try {
                    server.startup();
                    startup.complete(null);
                } catch (Throwable t) {
                    startup.completeExceptionally(t);
                }
            });
            startup.get(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
            BrokerProbe.awaitReady("localhost:" + settings.port(), deadline);
            return server;
        } catch (ExecutionException e) {
            throw stopAfterFailure(server, new StartupException(
                    "Kafka broker at " + where + " failed to start: " + e.getCause().getMessage(), e.getCause()));
        } catch (TimeoutException e) {
            throw stopAfterFailure(server, new StartupException(
                    "Kafka broker at " + where + " was not ready within " + START_TIMEOUT.toSeconds() + " s", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopAfterFailure(server, new StartupException(
                    "Interrupted while starting the Kafka broker at " + where, e));
        }
    }

    private static StartupException stopAfterFailure(KafkaRaftServer server, StartupException failure) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    private static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** The address clients bootstrap from, {@code localhost:<port>}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The client port on {@code localhost}; the port actually bound when started with 0. */
    public int port() {
        return port;
    }

    /** The KRaft cluster id, created on first start and kept in the data directory. */
    public String clusterId() {
        return clusterId;
    }

    /**
     * Stops the broker, waits for its threads to end and unlocks the data directory, which keeps
     * its contents for the next {@link #start}. Failures while stopping are logged, not thrown.
     * Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (Exception e) {
            LOG.warn("Kafka broker at {} did not shut down cleanly", bootstrapServers(), e);
        } finally {
            KafkaExitGuard.release();
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warn("Could not unlock the data directory of the Kafka broker at {}", bootstrapServers(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", cluster " + clusterId + "]";
    }
}
