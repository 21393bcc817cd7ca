package io.memrun.cloud.hetzner;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach Hetzner. {@link #toString()} never shows the token.
 *
 * @param token    the API token (bearer); surrounding whitespace is dropped
 * @param endpoint the API's base URL including its version path; defaults to {@link #DEFAULT_ENDPOINT}.
 *                 Any other endpoint (a local Hetzner-compatible server) gets the same calls under its path
 * @param retry    how failed calls are repeated; defaults to {@link RetryPolicy#defaults()}
 * @param timeout  the longest one HTTP exchange may take; defaults to 30 s
 */
public record HetznerSettings(String token, URI endpoint, RetryPolicy retry, Duration timeout) {

    /** The variable the token is read from (the name the hcloud CLI, Terraform and Packer use). */
    public static final String TOKEN_VARIABLE = "HCLOUD_TOKEN";
    /** The variable an alternative endpoint is read from (the name the hcloud CLI and Terraform use). */
    public static final String ENDPOINT_VARIABLE = "HCLOUD_ENDPOINT";
    /** Hetzner's public API. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://api.hetzner.cloud/v1");
    /** The default for {@link #timeout()}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public HetznerSettings {
        Objects.requireNonNull(token, "token");
        token = token.strip();
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the Hetzner API token is empty");
        }
        if (token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("the Hetzner API token contains whitespace or control characters");
        }
        endpoint = normalized(Objects.requireNonNull(endpoint, "endpoint"));
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /** Settings for Hetzner's public API with the default retry policy and timeout. */
    public static HetznerSettings of(String token) {
        return new HetznerSettings(token, DEFAULT_ENDPOINT, RetryPolicy.defaults(), DEFAULT_TIMEOUT);
    }

    /**
     * Reads {@value #TOKEN_VARIABLE} (required) and {@value #ENDPOINT_VARIABLE} (optional; unset or empty
     * means {@link #DEFAULT_ENDPOINT}) from {@code env}, usually {@link System#getenv()}.
     *
     * @throws IllegalArgumentException naming the variable when the token is missing or the endpoint is
     *                                  not an http(s) URL
     */
    public static HetznerSettings fromEnvironment(Map<String, String> env) {
        String token = env.get(TOKEN_VARIABLE);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(TOKEN_VARIABLE + " is not set: create an API token with read & write"
                    + " access in the Hetzner Cloud Console (Security > API tokens) and export " + TOKEN_VARIABLE);
        }
        String endpoint = env.getOrDefault(ENDPOINT_VARIABLE, "").strip();
        HetznerSettings settings = of(token);
        if (endpoint.isEmpty()) {
            return settings;
        }
        try {
            return settings.withEndpoint(new URI(endpoint));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(ENDPOINT_VARIABLE + " is not a valid endpoint (" + e.getMessage()
                    + "); expected e.g. " + DEFAULT_ENDPOINT, e);
        }
    }

    /** These settings with another endpoint. */
    public HetznerSettings withEndpoint(URI newEndpoint) {
        return new HetznerSettings(token, newEndpoint, retry, timeout);
    }

    /** These settings with another retry policy. */
    public HetznerSettings withRetry(RetryPolicy newRetry) {
        return new HetznerSettings(token, endpoint, newRetry, timeout);
    }

    /** These settings with another timeout. */
    public HetznerSettings withTimeout(Duration newTimeout) {
        return new HetznerSettings(token, endpoint, retry, newTimeout);
    }

    @Override
    public String toString() {
        return "HetznerSettings[token=<redacted>, endpoint=" + endpoint + ", retry=" + retry + ", timeout="
                + timeout + "]";
    }

    private static URI normalized(URI endpoint) {
        String scheme = endpoint.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("endpoint must be an http or https URL: " + endpoint);
        }
        if (endpoint.getHost() == null || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null
                || endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint must have a host and no user info, query or fragment: "
                    + endpoint);
        }
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + endpoint.getRawAuthority() + path);
    }
}
