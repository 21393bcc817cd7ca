package io.memrun.runtime.gateway;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpService;
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
    private final Invoker invoker;
    private final WebServer server;
    private final HeartbeatListener heartbeats;
    private final BrokerHealth broker;

    private Gateway(Invoker invoker, WebServer server, HeartbeatListener heartbeats, BrokerHealth broker) {
        this.invoker = invoker;
        this.server = server;
        this.heartbeats = heartbeats;
        this.broker = broker;
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
        String gatewayId = UUID.randomUUID().toString().substring(0, 8);
        admin.ensureTopic(Topics.replies(gatewayId), 1);
        admin.ensureTopic(Heartbeat.TOPIC, 1);
        Invoker invoker = new Invoker(kafka, gatewayId);
        HeartbeatListener heartbeats = new HeartbeatListener(kafka, registry.workers(), "memrun-control-" + gatewayId);
        BrokerHealth broker = new BrokerHealth(admin);
        try {
            invoker.start(Duration.ofSeconds(30));
            heartbeats.start();
            InvokeRoutes invoke = new InvokeRoutes(registry, invoker, settings, broker);
            Metrics metrics = new Metrics(invoke.accepted::get, invoke.rejected::get, invoker::waiting, invoker::droppedReplies);
            ControlRoutes control = new ControlRoutes(registry, ready, metrics);
            InfoRoutes infoRoutes = new InfoRoutes(info);
            WebServer server = WebServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    .shutdownHook(false)
                    .routing(r -> {
                        control.register(r);
                        invoke.register(r);
                        r.register(infoRoutes);
                        modeRoutes.forEach(r::register);
                        r.any(ControlRoutes::notFound);
                        ErrorMapping.register(r);
                    })
                    .build()
                    .start();
            return new Gateway(invoker, server, heartbeats, broker);
        } catch (Exception | Error e) {
            broker.close();
            heartbeats.close();
            invoker.close();
            throw e;
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

    @Override
    public void close() {
        server.stop();
        broker.close();
        heartbeats.close();
        invoker.close();
    }
}
