package io.memrun.app.gateway;

import io.helidon.webserver.WebServer;
import io.memrun.app.registry.ServiceRegistry;
import io.memrun.app.wire.KafkaSettings;
import io.memrun.app.wire.TopicAdmin;
import io.memrun.app.wire.Topics;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The HTTP front door (Helidon SE): takes JSON requests, routes them through Kafka by their sticky
 * key, and answers with the worker's reply. One instance per scheduler or {@code memrun dev}.
 */
public final class Gateway implements AutoCloseable {
    private final Invoker invoker;
    private final WebServer server;

    private Gateway(Invoker invoker, WebServer server) {
        this.invoker = invoker;
        this.server = server;
    }

    /**
     * Starts the gateway: creates its reply topic, waits until the reply consumer is positioned,
     * then opens the HTTP port. {@code /health} answers 200 only when {@code ready} says so.
     */
    public static Gateway start(GatewaySettings settings, KafkaSettings kafka, TopicAdmin admin,
                                ServiceRegistry registry, BooleanSupplier ready) throws Exception {
        String gatewayId = UUID.randomUUID().toString().substring(0, 8);
        admin.ensureTopic(Topics.replies(gatewayId), 1);
        Invoker invoker = new Invoker(kafka, gatewayId);
        try {
            invoker.start(Duration.ofSeconds(30));
            GatewayRoutes routes = new GatewayRoutes(registry, invoker, settings, ready);
            WebServer server = WebServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    .shutdownHook(false)
                    .routing(routes::register)
                    .build()
                    .start();
            return new Gateway(invoker, server);
        } catch (Exception | Error e) {
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
        invoker.close();
    }
}
