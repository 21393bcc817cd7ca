package io.memrun.runtime.gateway;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.memrun.runtime.wire.BrokerUnavailableException;
import io.memrun.runtime.wire.DeadlineExceededException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP statuses. Routes and the Kafka layer throw what went
 * wrong in their own terms; this maps it: {@link ApiException} to its own status, a broker that did
 * not take the request to 503, a reply that did not come in time to 504, anything else to a 500
 * whose cause is logged.
 */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    /** Registers the mapping on {@code routing}. */
    static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, ErrorMapping::api)
                .error(BrokerUnavailableException.class, ErrorMapping::brokerUnavailable)
                .error(DeadlineExceededException.class, ErrorMapping::deadlineExceeded)
                .error(InterruptedException.class, ErrorMapping::stopping)
                .error(Exception.class, ErrorMapping::unexpected);
    }

    private static void api(ServerRequest req, ServerResponse res, ApiException e) {
        if (e.closesConnection()) {
            res.header(io.helidon.http.HeaderValues.CONNECTION_CLOSE);
            Responses.error(res, e.status(), e.error(), e.detail());
            // Helidon would otherwise go on reading the unread body as the next request (smuggling).
            throw new io.helidon.webserver.CloseConnectionException("refused request: " + e.error());
        }
        Responses.error(res, e.status(), e.error(), e.detail());
    }

    private static void brokerUnavailable(ServerRequest req, ServerResponse res, BrokerUnavailableException e) {
        Responses.error(res, 503, "broker unavailable", e.getMessage());
    }

    private static void deadlineExceeded(ServerRequest req, ServerResponse res, DeadlineExceededException e) {
        Responses.error(res, 504, "deadline exceeded", e.getMessage());
    }

    /** The gateway stopped while this request waited: it is in Kafka and will be answered after a restart. */
    private static void stopping(ServerRequest req, ServerResponse res, InterruptedException e) {
        Responses.error(res, 503, "shutting down", "memrun stopped before the reply came; the request was accepted"
                + " and runs when memrun is back (its id is in the Memrun-Request-Id header when one was sent)");
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        LOG.error("unexpected error on {} {}", req.prologue().method().text(), req.path().path(), e);
        Responses.error(res, 500, "internal error", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
