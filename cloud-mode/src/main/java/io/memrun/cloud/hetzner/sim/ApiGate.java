package io.memrun.cloud.hetzner.sim;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request passes through. A {@code /v1} call: bearer token (401), rate limit (429,
 * {@code RateLimit-*} headers on every answer), injected faults, then the route; it is logged in
 * the {@link CallLog}. A {@code /_sim} hook: loopback peers only (403). For both, the one place a
 * {@link HetznerError} becomes a response and any other failure a 500 {@code server_error} whose
 * cause is logged, never sent.
 */
final class ApiGate implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiGate.class);
    private static final String ERROR_CODE = "memrun.sim.error-code";

    private final Set<String> tokens;
    private final RateLimiter limiter;
    private final Faults faults;
    private final CallLog calls;
    private final SimState state;

    ApiGate(Set<String> tokens, RateLimiter limiter, Faults faults, CallLog calls, SimState state) {
        this.tokens = tokens;
        this.limiter = limiter;
        this.faults = faults;
        this.calls = calls;
        this.state = state;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (path.equals("/v1") || path.startsWith("/v1/")) {
            api(chain, req, res, path);
        } else {
            if (!fromLoopback(req)) {
                ApiResponses.error(res, new HetznerError(403, "forbidden", "the /_sim hooks answer loopback clients only"));
                return;
            }
            guarded(chain, req, res);
        }
    }

    private void api(FilterChain chain, RoutingRequest req, RoutingResponse res, String path) {
        Instant at = Instant.now();
        String method = req.prologue().method().text();
        String code = "";
        RateLimiter.Decision d = limiter.peek();
        try {
            if (!authorized(req)) {
                headers(res, d);
                throw HetznerError.unauthorized();
            }
            d = limiter.acquire();
            headers(res, d);
            if (!d.allowed()) {
                throw HetznerError.rateLimited();
            }
            var injected = faults.take(method, path);
            if (injected.isPresent()) {
                var e = injected.get();
                throw new HetznerError(e.status(), e.code(), e.message());
            }
            code = guarded(chain, req, res);
        } catch (HetznerError e) {
            code = e.code();
            ApiResponses.error(res, e);
        }
        calls.add(at, method, path, req.query().value(), res.status().code(), code, state.serverCount(),
                d.remaining());
    }

    /**
     * Maps what routes throw, in the one place: a {@link HetznerError} to its document, anything
     * else to a 500 {@code server_error} whose cause is logged, not sent.
     */
    static void registerErrors(HttpRouting.Builder routing) {
        routing.error(HetznerError.class, (req, res, e) -> answer(req, res, e))
                .error(RuntimeException.class, (req, res, e) -> {
                    LOG.warn("{} {} failed", req.prologue().method().text(), req.path().path(), e);
                    answer(req, res, HetznerError.serverError("the sim failed to answer: " + e.getClass().getSimpleName()));
                });
    }

    private static void answer(ServerRequest req, ServerResponse res, HetznerError e) {
        req.context().register(ERROR_CODE, e.code());
        ApiResponses.error(res, e);
    }

    /** Runs the route; returns the error code it answered with, empty on success. */
    private static String guarded(FilterChain chain, ServerRequest req, RoutingResponse res) {
        try {
            chain.proceed();
        } catch (HetznerError e) {
            answer(req, res, e);
        }
        return req.context().get(ERROR_CODE, String.class).orElse("");
    }

    private boolean authorized(ServerRequest req) {
        String auth = req.headers().first(io.helidon.http.HeaderNames.AUTHORIZATION).orElse("");
        return auth.regionMatches(true, 0, "Bearer ", 0, 7) && tokens.contains(auth.substring(7).strip());
    }

    private static void headers(RoutingResponse res, RateLimiter.Decision d) {
        res.header("RateLimit-Limit", Integer.toString(d.limit()));
        res.header("RateLimit-Remaining", Integer.toString(d.remaining()));
        res.header("RateLimit-Reset", Long.toString(d.resetEpochSeconds()));
    }

    private static boolean fromLoopback(ServerRequest req) {
        return req.remotePeer().address() instanceof InetSocketAddress a && a.getAddress() != null
                && a.getAddress().isLoopbackAddress();
    }
}
