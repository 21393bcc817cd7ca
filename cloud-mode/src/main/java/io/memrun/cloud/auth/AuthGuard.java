package io.memrun.cloud.auth;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.memrun.cloud.state.CloudState;
import io.memrun.runtime.gateway.ApiException;
import io.memrun.runtime.gateway.RequestGuard;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every call to a cloud-mode scheduler needs a bearer token: the admin token for the control plane
 * (deploy, scale, destroy, status, tokens, metrics, info), an admin or that service's invoke token
 * for {@code /v1/services/{name}/invoke} and {@code /submit}. Open: {@code /health}, and
 * {@code /v1/cloud/enroll}, where a new server presents its single-use bootstrap token in the body.
 */
public final class AuthGuard implements RequestGuard {
    private static final Pattern INVOKE = Pattern.compile("/v1/services/([^/]+)/(invoke|submit)");
    private final CloudState state;

    public AuthGuard(CloudState state) {
        this.state = state;
    }

    @Override
    public void check(ServerRequest request) {
        String path = request.path().path();
        if (path.equals("/health") || path.equals("/v1/cloud/enroll")) {
            return;
        }
        String header = request.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw new ApiException(401, "unauthorized", "send `Authorization: Bearer <token>`: the admin token (printed by"
                    + " `memrun cloud up`) or an invoke token (`memrun cloud token create --invoke SERVICE`)");
        }
        Optional<CloudState.ApiToken> token;
        try {
            token = state.apiToken(Tokens.hash(header.substring(7).trim()));
        } catch (SQLException e) {
            throw new IllegalStateException("the token store failed", e);
        }
        if (token.isEmpty()) {
            throw new ApiException(401, "unauthorized", "unknown token");
        }
        if (token.get().role().equals("admin")) {
            return;
        }
        Matcher m = INVOKE.matcher(path);
        boolean invoke = m.matches() && m.group(1).equals(token.get().service());
        boolean result = path.startsWith("/v1/requests/");
        if (!invoke && !result) {
            throw new ApiException(403, "forbidden", "this token may only invoke service '" + token.get().service()
                    + "'; use the admin token for " + request.prologue().method().text() + " " + path);
        }
    }
}
