package io.memrun.cloud.hetzner;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to create: {@link HetznerCloud#createServer(ServerSpec)} always asks Hetzner to start the server
 * once it is built ({@code start_after_create: true}).
 *
 * <p>Validated here so a bad spec fails before it costs a request: the name must be a valid hostname
 * (RFC 1123, Hetzner's rule), user data at most {@value #MAX_USER_DATA_BYTES} bytes of UTF-8, labels
 * must follow Hetzner's label syntax. {@link #toString()} shows the size of the user data, not its text.
 *
 * @param name       the server's name, unique per project; a deterministic name makes a create idempotent
 *                   (a repeated create fails with {@code uniqueness_error}: look the name up and adopt it)
 * @param serverType a server type's name, e.g. {@code cx22}
 * @param image      an image's name (e.g. {@code debian-13}) or id
 * @param location   a location's name, e.g. {@code fsn1}
 * @param userData   the cloud-config; empty for none. Readable from inside the VM without authentication:
 *                   never put a secret in it
 * @param labels     the server's labels
 */
public record ServerSpec(String name, String serverType, String image, String location, String userData,
                         Map<String, String> labels) {

    /** Hetzner's limit on {@code user_data}. */
    public static final int MAX_USER_DATA_BYTES = 32 * 1024;

    private static final Pattern HOSTNAME_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    public ServerSpec {
        requireHostname(name);
        requireNonBlank(serverType, "serverType");
        requireNonBlank(image, "image");
        requireNonBlank(location, "location");
        Objects.requireNonNull(userData, "userData");
        int bytes = userData.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_USER_DATA_BYTES) {
            throw new IllegalArgumentException(
                    "user data is " + bytes + " bytes, Hetzner accepts at most " + MAX_USER_DATA_BYTES);
        }
        labels = Labels.validated(labels);
    }

    /** Shows the user data's size only: it is large, and the caller may not want it in logs. */
    @Override
    public String toString() {
        return "ServerSpec[name=" + name + ", serverType=" + serverType + ", image=" + image + ", location="
                + location + ", userData=" + userData.getBytes(StandardCharsets.UTF_8).length + " bytes, labels="
                + labels + "]";
    }

    /** Fails unless {@code name} is a valid hostname (RFC 1123), Hetzner's rule for server names. */
    static void requireHostname(String name) {
        requireNonBlank(name, "name");
        if (name.length() > 253) {
            throw new IllegalArgumentException("server name is longer than 253 characters: " + name);
        }
        for (String label : name.split("\\.", -1)) {
            if (!HOSTNAME_LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("server name is not a valid hostname (RFC 1123): " + name);
            }
        }
    }

    private static void requireNonBlank(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " is blank");
        }
    }
}
