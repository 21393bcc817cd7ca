package io.memrun.runtime.gateway;

import io.helidon.webserver.http.ServerRequest;

/**
 * Decides, before any route runs, whether the gateway serves a request: cloud mode checks bearer
 * tokens here. Refuse by throwing {@link ApiException} (401 without credentials, 403 with the wrong
 * ones); the exception is mapped like any route's.
 */
@FunctionalInterface
public interface RequestGuard {
    /** Serves every request. */
    RequestGuard NONE = request -> { };

    /**
     * @throws ApiException to refuse the request
     */
    void check(ServerRequest request);
}
