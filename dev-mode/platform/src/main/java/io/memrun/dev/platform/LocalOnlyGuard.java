package io.memrun.dev.platform;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.memrun.runtime.gateway.ApiException;
import io.memrun.runtime.gateway.RequestGuard;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Dev mode has no tokens; its API is for the developer's own tools on this machine. Binding to
 * loopback keeps other machines out, but not a web page the developer visits: a page can POST to
 * {@code http://127.0.0.1:8080} (a cross-site "simple" request) or reach it under its own name
 * (DNS rebinding). So every request must name a loopback host, a browser's {@code Origin} (when
 * sent) must be a loopback origin, and a request that changes state must be JSON, which a page can
 * only send after a CORS preflight that the gateway never grants.
 */
final class LocalOnlyGuard implements RequestGuard {
    @Override
    public void check(ServerRequest request) {
        String host = request.headers().first(HeaderNames.HOST).orElse("");
        if (!isLoopback(hostPart(host))) {
            throw new ApiException(403, "foreign host", "memrun dev answers only to localhost, 127.0.0.1 or [::1]; this"
                    + " request named host '" + host + "'");
        }
        Optional<String> origin = request.headers().first(HeaderNames.ORIGIN);
        if (origin.isPresent() && !loopbackOrigin(origin.get())) {
            throw new ApiException(403, "foreign origin", "memrun dev does not serve web pages from other origins ("
                    + origin.get() + ")");
        }
        Method method = request.prologue().method();
        boolean changesState = method != Method.GET && method != Method.HEAD && method != Method.OPTIONS;
        if (changesState && !isJson(request.headers().first(HeaderNames.CONTENT_TYPE).orElse(""))) {
            throw new ApiException(415, "unsupported media type", method.text() + " needs Content-Type: application/json");
        }
    }

    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    private static boolean loopbackOrigin(String origin) {
        try {
            URI u = URI.create(origin);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                    && isLoopback(u.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The host of a Host header value, without its port (IPv6 literals keep their brackets). */
    private static String hostPart(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** Whether {@code host} (a name or literal, IPv6 with or without brackets) is loopback. */
    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }
}
