package io.memrun.cloud.bootstrap;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The cloud-config a worker server boots with (Hetzner's {@code user_data}): a JRE 21, a
 * {@code memrun} system user, the memrun jar fetched through a short-lived presigned URL and
 * checked against its SHA-256, a bootstrap file with a single-use token, and the worker's systemd
 * unit (SIGTERM with a stop timeout, restart on failure).
 *
 * <p>User-data is readable without authentication from inside the VM (the metadata service), so it
 * holds nothing long-lived: the token works once, for this server only, for a limited time; the
 * URL expires. The worker exchanges the token for its credentials ({@link WorkerConfig}).
 *
 * <p>A system user gets no home directory from cloud-init, so the working directory is made
 * explicitly. Download, checksum and start are one {@code sh -c "a && b && c"}: cloud-init runs
 * {@code runcmd} as one script without {@code set -e}, so a failed check in a step of its own would
 * not stop the unit from starting an unverified jar.
 *
 * <p>The local Hetzner-compatible API performs exactly these {@code write_files} and
 * {@code runcmd} forms; keep them in step with its {@code CloudConfigBoot}.
 */
public final class UserData {
    /** Where the unit expects the jar. */
    public static final String JAR_PATH = "/opt/memrun/memrun.jar";
    /** Where the bootstrap file goes. */
    public static final String BOOTSTRAP_PATH = "/etc/memrun/bootstrap.properties";
    /** The unit's name. */
    public static final String UNIT = "memrun-worker.service";
    /** The worker's home and working directory (its cache and credentials live under it). */
    public static final String HOME = "/var/lib/memrun";
    /** Hetzner's limit. */
    public static final int MAX_BYTES = 32 * 1024;

    private UserData() {
    }

    /**
     * Renders the cloud-config.
     *
     * @param schedulerUrl where the worker reaches the scheduler
     * @param serverName the server this user-data is for (the token is bound to it)
     * @param bootstrapToken the single-use token
     * @param jarUrl a presigned URL of the memrun jar
     * @param jarSha256 the jar's SHA-256, hex
     * @param stopTimeoutSeconds how long systemd waits after SIGTERM before SIGKILL
     * @throws IllegalArgumentException if the result exceeds {@value #MAX_BYTES} bytes
     */
    public static String render(URI schedulerUrl, String serverName, String bootstrapToken, URI jarUrl, String jarSha256,
                                int stopTimeoutSeconds) {
        Objects.requireNonNull(schedulerUrl, "schedulerUrl");
        requireSafe(serverName, "server name");
        requireSafe(bootstrapToken, "token");
        if (!jarSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("jar sha256 must be 64 lowercase hex digits");
        }
        String yaml = """
                #cloud-config
                # memrun worker %s: boots, exchanges its single-use token for credentials, serves its slot.
                package_update: true
                packages:
                  - openjdk-21-jre-headless
                  - curl
                users:
                  - name: memrun
                    system: true
                    shell: /usr/sbin/nologin
                    homedir: %s
                write_files:
                  - path: %s
                    owner: 'memrun:memrun'
                    permissions: '0600'
                    defer: true
                    content: |
                      scheduler.url=%s
                      server.name=%s
                      bootstrap.token=%s
                  - path: /etc/systemd/system/%s
                    permissions: '0644'
                    content: |
                      [Unit]
                      Description=memrun worker
                      After=network-online.target
                      Wants=network-online.target

                      [Service]
                      User=memrun
                      WorkingDirectory=%s
                      ExecStart=/usr/bin/java -XX:InitialRAMPercentage=75 -XX:MaxRAMPercentage=75 -jar %s worker --enroll %s
                      Restart=on-failure
                      RestartSec=5
                      KillSignal=SIGTERM
                      TimeoutStopSec=%d

                      [Install]
                      WantedBy=multi-user.target
                runcmd:
                  - [mkdir, -p, /opt/memrun]
                  - [mkdir, -p, %s]
                  - [chown, 'memrun:memrun', %s]
                  - [chmod, '0700', %s]
                  - [sh, -c, "curl -fsSL --retry 5 -o %s '%s' && echo '%s  %s' | sha256sum -c - && systemctl daemon-reload && systemctl enable --now %s"]
                """.formatted(serverName, HOME, BOOTSTRAP_PATH, schedulerUrl, serverName, bootstrapToken, UNIT, HOME,
                JAR_PATH, BOOTSTRAP_PATH, stopTimeoutSeconds, HOME, HOME, HOME, JAR_PATH, jarUrl.toString().replace("'", "").replace("\"", ""),
                jarSha256, JAR_PATH, UNIT);
        int bytes = yaml.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("user-data is " + bytes + " bytes; Hetzner accepts at most " + MAX_BYTES);
        }
        return yaml;
    }

    private static void requireSafe(String value, String what) {
        if (value == null || !value.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(what + " must be letters, digits, '.', '_' or '-'");
        }
    }
}
