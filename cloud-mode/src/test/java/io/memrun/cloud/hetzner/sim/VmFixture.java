package io.memrun.cloud.hetzner.sim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.tools.ToolProvider;

/**
 * What a boot test's VM runs: a tiny compiled Java program ({@code Hello}) shipped in the user-data,
 * and a local HTTP server handing out a small "jar" the way a presigned URL would.
 *
 * <p>{@code Hello DIR MODE} appends its pid to {@code DIR/starts}, writes its environment's
 * {@code MEMRUN_SIM_*} and working directory to {@code DIR/env}, and writes {@code DIR/stopped}
 * when it gets SIGTERM. MODE {@code stay} keeps running; {@code fail-once} exits 3 on its first
 * start and keeps running on the next.
 */
final class VmFixture implements AutoCloseable {
    private static final String HELLO = """
            import java.nio.file.*;
            public class Hello {
                public static void main(String[] args) throws Exception {
                    Path dir = Path.of(args[0]);
                    Files.createDirectories(dir);
                    Path starts = dir.resolve("starts");
                    Files.writeString(starts, ProcessHandle.current().pid() + "\\n",
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    Files.writeString(dir.resolve("env"), System.getenv("MEMRUN_SIM_SERVER_ID") + " "
                            + System.getenv("MEMRUN_SIM_SERVER_NAME") + " " + System.getenv("GREETING") + " "
                            + System.getenv("FROM_FILE") + " " + Path.of("").toAbsolutePath());
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            Files.writeString(dir.resolve("stopped"), "SIGTERM");
                        } catch (Exception e) {
                            // nothing to do
                        }
                    }));
                    System.out.println("hello from " + ProcessHandle.current().pid());
                    if (args[1].equals("fail-once") && Files.readAllLines(starts).size() == 1) {
                        System.exit(3);
                    }
                    Thread.sleep(Long.MAX_VALUE);
                }
            }
            """;

    static final byte[] JAR = "not really a jar, but bytes with a checksum".getBytes(StandardCharsets.UTF_8);

    private final HttpServer http;
    private final String helloClassB64;

    VmFixture(Path work) throws IOException {
        Path src = Files.createDirectories(work.resolve("hello-src")).resolve("Hello.java");
        Files.writeString(src, HELLO);
        Path out = Files.createDirectories(work.resolve("hello-classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), src.toString());
        if (rc != 0) {
            throw new IllegalStateException("Hello.java did not compile");
        }
        helloClassB64 = Base64.getEncoder().encodeToString(Files.readAllBytes(out.resolve("Hello.class")));
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/bucket/memrun.jar", exchange -> {
            exchange.sendResponseHeaders(200, JAR.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(JAR);
            }
        });
        http.start();
    }

    /** A presigned-looking URL of the jar, or of a missing object. */
    String jarUrl(boolean exists) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/bucket/" + (exists ? "memrun.jar" : "gone.jar")
                + "?X-Amz-Signature=secret";
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** The scheduler's user-data shape, running {@code Hello /var/lib/app MODE} as the unit. */
    String userData(String mode, String jarUrl, String jarSha256) {
        return """
                #cloud-config
                package_update: true
                packages: [openjdk-21-jre-headless]
                users:
                  - {name: memrun, system: true, shell: /usr/sbin/nologin, homedir: /var/lib/memrun}
                write_files:
                  - path: /etc/memrun/bootstrap.properties
                    owner: 'memrun:memrun'
                    permissions: '0600'
                    defer: true
                    content: "token=single-use\\n"
                  - path: /opt/app/Hello.class
                    encoding: b64
                    permissions: '0644'
                    content: %s
                  - path: /etc/app/env
                    content: "FROM_FILE=yes\\n"
                  - path: /etc/systemd/system/hello.service
                    permissions: '0644'
                    content: |
                      [Unit]
                      Description=hello
                      [Service]
                      Environment=GREETING=hi
                      EnvironmentFile=/etc/app/env
                      WorkingDirectory=/var/lib/app
                      ExecStart=/usr/bin/java -Xmx32m -XX:TieredStopAtLevel=1 -cp /opt/app Hello /var/lib/app %s
                      Restart=on-failure
                      RestartSec=100ms
                      TimeoutStopSec=5
                runcmd:
                  - [mkdir, -p, /opt/memrun]
                  - [curl, -fsSL, --retry, '2', --retry-delay, '0', -o, /opt/memrun/memrun.jar, '%s']
                  - [sh, -c, "echo '%s  /opt/memrun/memrun.jar' | sha256sum -c -"]
                  - [systemctl, daemon-reload]
                  - [systemctl, enable, --now, hello.service]
                """.formatted(helloClassB64, mode, jarUrl, jarSha256);
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
