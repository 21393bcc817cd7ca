package io.memrun.cloud.hetzner;

import java.io.IOException;
import java.net.URI;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends every request to the configured endpoint. The library hard-codes {@link #LIBRARY_BASE}; this
 * replaces its scheme, host, port and {@code /v1} prefix with the endpoint's, keeping the rest of the path
 * and the query as they are.
 */
final class EndpointInterceptor implements Interceptor {

    /** The base URL the library builds every request on (and so does {@link DirectCalls}). */
    static final HttpUrl LIBRARY_BASE = HttpUrl.get("https://api.hetzner.cloud/v1");

    private final HttpUrl endpoint;
    private final String prefix;

    EndpointInterceptor(URI endpoint) {
        this.endpoint = HttpUrl.get(endpoint.toString());
        String path = this.endpoint.encodedPath();
        this.prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        return chain.proceed(request.newBuilder().url(rewrite(request.url())).build());
    }

    HttpUrl rewrite(HttpUrl url) {
        String base = LIBRARY_BASE.encodedPath();
        String path = url.encodedPath();
        if (!url.host().equals(LIBRARY_BASE.host()) || !(path.equals(base) || path.startsWith(base + "/"))) {
            // Only requests built on the library's base are ours to send; anything else is a bug here.
            throw new IllegalStateException("not a Hetzner API request: " + url.host() + path);
        }
        String rest = prefix + path.substring(base.length());
        return url.newBuilder()
                .scheme(endpoint.scheme())
                .host(endpoint.host())
                .port(endpoint.port())
                .encodedPath(rest.isEmpty() ? "/" : rest)
                .build();
    }
}
