package io.memrun.runtime.gateway;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpService;
import io.memrun.runtime.lifecycle.Lifecycle;
import io.memrun.runtime.registry.HeartbeatListener;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.wire.Heartbeat;
import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.runtime.wire.TopicAdmin;
import io.memrun.runtime.wire.Topics;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The HTTP front door (Helidon SE): takes JSON requests, routes them through Kafka by their sticky
 * key, and answers with the worker's reply. One instance per scheduler or {@code memrun dev}.
 */
public final class Gateway implements AutoCloseable {
    /** How long {@link #close()} waits for replies to requests already accepted. */
    static final Duration CLOSE_DRAIN = Duration.ofSeconds(20);

    private final Lifecycle lifecycle;
    private final Invoker invoker;
    private final InvokeRoutes invoke;
    private final WebServer server;
    private volatile boolean drained;

    private Gateway(Lifecycle lifecycle, Invoker invoker, InvokeRoutes invoke, WebServer server) {
        this.lifecycle = lifecycle;
        this.invoker = invoker;
        this.invoke = invoke;
        this.server = server;
    }

    /**
     * Starts the gateway: creates its reply topic, waits until the reply consumer is positioned,
     * then opens the HTTP port. {@code /health} answers 200 only when {@code ready} says so.
     *
     * @param modeRoutes routes only one mode has (dev mode's worker kill/restart, say), registered
     *     before the catch-all 404; their exceptions are mapped to statuses like the runtime's own
     */
    public static Gateway start(GatewaySettings settings, KafkaSettings kafka, TopicAdmin admin,
                                ServiceRegistry registry, PlatformInfo info, BooleanSupplier ready,
                                List<HttpService> modeRoutes) throws Exception {
        return start(settings, kafka, admin, registry, info, ready, modeRoutes, RequestGuard.NONE);
    }

    /**
     * Starts the gateway with a guard that every request passes before any route runs (cloud
     * mode's bearer tokens).
     */
    public static Gateway start(GatewaySettings settings, KafkaSettings kafka, TopicAdmin admin,
                                ServiceRegistry registry, PlatformInfo info, BooleanSupplier ready,
                                List<HttpService> modeRoutes, RequestGuard guard) throws Exception {
        return start(settings, kafka, admin, registry, info, ready, modeRoutes, guard, settings.maxBodyBytes());
    }

    /**
     * Starts the gateway with a larger limit for the whole listener than for invoke bodies (cloud
     * mode's artifact uploads). Bodies between the two are still refused by the invoke routes, and
     * the refusal closes the connection, as Helidon's own does.
     */
    public static Gateway start(GatewaySettings settings, KafkaSettings kafka, TopicAdmin admin,
                                ServiceRegistry registry, PlatformInfo info, BooleanSupplier ready,
                                List<HttpService> modeRoutes, RequestGuard guard, long listenerMaxPayloadBytes)
            throws Exception {
        String gatewayId = UUID.randomUUID().toString().substring(0, 8);
        admin.ensureTopic(Topics.replies(gatewayId), 1);
        admin.ensureTopic(Heartbeat.TOPIC, 1);
        Lifecycle lifecycle = new Lifecycle();
        Invoker invoker = lifecycle.open(() -> {
            Invoker i = new Invoker(kafka, gatewayId);
            try {
                i.start(Duration.ofSeconds(30));
            } catch (Exception | Error e) {
                i.close();
                throw e;
            }
            return i;
        });
        HeartbeatListener heartbeats = lifecycle.open(() -> {
            HeartbeatListener h = new HeartbeatListener(kafka, registry, "memrun-control-" + gatewayId);
            h.start();
            return h;
        });
        BrokerHealth broker = lifecycle.open(() -> new BrokerHealth(admin));
        InvokeRoutes invoke = new InvokeRoutes(registry, invoker, settings, broker);
        Metrics metrics = new Metrics(invoke.accepted::get, invoke.rejected::get, invoker::waiting, invoker::droppedReplies);
        ControlRoutes control = new ControlRoutes(registry, ready, metrics);
        InfoRoutes infoRoutes = new InfoRoutes(info);
        WebServer server = lifecycle.open(() -> new StoppableServer(WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                // Helidon refuses a body over the limit itself, before routing, and closes the
                // connection: the unread bytes are never parsed as a next request (smuggling).
                .maxPayloadSize(Math.max(settings.maxBodyBytes(), listenerMaxPayloadBytes))
                .directHandlers(GatewayDirectHandler.handlers(settings.maxBodyBytes()))
                .shutdownHook(false)
                .routing(r -> {
                    r.addFilter((chain, req, res) -> {
                        guard.check(req);
                        chain.proceed();
                    });
                    control.register(r);
                    invoke.register(r);
                    r.register(infoRoutes);
                    modeRoutes.forEach(r::register);
                    r.any(ControlRoutes::notFound);
                    ErrorMapping.register(r);
                })
                .build()
                .start())).server();
        // Helidon logs a failed bind and returns a server without a listener; fail the start instead.
        lifecycle.run(() -> {
            if (!server.isRunning() || server.port() <= 0) {
                throw new IllegalStateException("the HTTP port " + settings.port() + " on " + settings.host()
                        + " is taken (or cannot be bound): stop what uses it or pick another with --http-port");
            }
        });
        return new Gateway(lifecycle, invoker, invoke, server);
    }

    /** The web server as a resource of the lifecycle. */
    private record StoppableServer(WebServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.stop();
        }
    }

    /** The HTTP port. */
    public int port() {
        return server.port();
    }

    /** Replies dropped because nobody waited for them (duplicates after redelivery, late replies). */
    public long droppedReplies() {
        return invoker.droppedReplies();
    }

    /**
     * Stops taking new requests (they get a 503) and waits, up to {@code timeout}, until every
     * request already accepted has its reply, so stopping never answers an accepted request with
     * an error of its own. Call it while the workers still run.
     *
     * @return how many requests were still waiting when the time was up
     */
    public int drain(Duration timeout) throws InterruptedException {
        drained = true;
        invoke.drain();
        long until = System.nanoTime() + timeout.toNanos();
        while (invoker.waiting() > 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        return invoker.waiting();
    }

    /**
     * Drains (up to 20 s, unless {@link #drain} ran already), then stops the HTTP server, the broker probe, the heartbeat listener and
     * the reply path.
     */
    @Override
    public void close() {
        if (!drained) { // a caller that drained already (with its workers still up) set the bound
            try {
                drain(CLOSE_DRAIN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lifecycle.close();
    }
}
