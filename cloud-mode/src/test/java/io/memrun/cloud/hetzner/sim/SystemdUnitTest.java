package io.memrun.cloud.hetzner.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemdUnitTest {
    private static final String UNIT = """
            [Unit]
            Description=memrun worker
            After=network-online.target

            [Service]
            User=memrun
            Environment="JAVA_OPTS=-Xmx1g -Xss1m" MEMRUN_MODE=cloud
            EnvironmentFile=-/etc/memrun/env
            WorkingDirectory=/var/lib/memrun
            ExecStart=/usr/bin/java -Xmx1g -jar /opt/memrun/memrun.jar worker \\
                --bootstrap /etc/memrun/bootstrap.properties --cache=/var/cache/memrun
            Restart=on-failure
            RestartSec=2s
            KillSignal=SIGINT
            TimeoutStopSec=1min 30s

            [Install]
            WantedBy=multi-user.target
            """;

    @Test
    void parse_memrunWorkerUnit_readsEveryHonouredKey() {
        SystemdUnit u = SystemdUnit.parse("memrun-worker.service", UNIT);
        assertEquals(List.of("/usr/bin/java", "-Xmx1g", "-jar", "/opt/memrun/memrun.jar", "worker", "--bootstrap",
                "/etc/memrun/bootstrap.properties", "--cache=/var/cache/memrun"), u.execStart());
        assertEquals(Map.of("JAVA_OPTS", "-Xmx1g -Xss1m", "MEMRUN_MODE", "cloud"), u.environment());
        assertEquals(List.of("-/etc/memrun/env"), u.environmentFiles());
        assertEquals("/var/lib/memrun", u.workingDirectory());
        assertEquals(SystemdUnit.Restart.ON_FAILURE, u.restart());
        assertEquals(Duration.ofSeconds(2), u.restartSec());
        assertEquals("SIGINT", u.killSignal());
        assertEquals(Duration.ofSeconds(90), u.timeoutStopSec());
    }

    @Test
    void parse_minimalUnit_hasSystemdDefaults() {
        SystemdUnit u = SystemdUnit.parse("x.service", "[Service]\nExecStart=-/bin/true\n");
        assertEquals(List.of("/bin/true"), u.execStart());
        assertEquals(SystemdUnit.Restart.NO, u.restart());
        assertEquals(Duration.ofMillis(100), u.restartSec());
        assertEquals("SIGTERM", u.killSignal());
        assertEquals(Duration.ofSeconds(90), u.timeoutStopSec());
    }

    @Test
    void parse_noExecStartOrBadValue_fails() {
        assertThrows(IllegalArgumentException.class, () -> SystemdUnit.parse("x", "[Unit]\nExecStart=/bin/true\n"));
        assertThrows(IllegalArgumentException.class, () -> SystemdUnit.parse("x", "[Service]\nExecStart=/a\nRestart=sometimes\n"));
        assertThrows(IllegalArgumentException.class, () -> SystemdUnit.span("5 fortnights"));
    }

    @Test
    void span_systemdForms_readAsDurations() {
        assertEquals(Duration.ofSeconds(5), SystemdUnit.span("5"));
        assertEquals(Duration.ofMillis(500), SystemdUnit.span("500ms"));
        assertEquals(Duration.ofSeconds(90), SystemdUnit.span("1min 30s"));
        assertEquals(Duration.ofHours(1), SystemdUnit.span("1h"));
    }

    @Test
    void expand_variables_replacedFromEnvironment() {
        assertEquals("-Xmx1g", SystemdUnit.expand("${HEAP}", Map.of("HEAP", "-Xmx1g")));
        assertEquals("a-b-", SystemdUnit.expand("$A-${B}-$C", Map.of("A", "a", "B", "b")));
    }

    @Test
    void rewriteArgument_absolutePaths_mappedUnderTheFsRoot() {
        FsRoot fs = new FsRoot(Path.of("/tmp/sim/servers/1/fs"));
        assertEquals("/tmp/sim/servers/1/fs/opt/memrun/memrun.jar", fs.rewriteArgument("/opt/memrun/memrun.jar"));
        assertEquals("--bootstrap=/tmp/sim/servers/1/fs/etc/b.properties", fs.rewriteArgument("--bootstrap=/etc/b.properties"));
        assertEquals("worker", fs.rewriteArgument("worker"));
        assertEquals("http://host/x", fs.rewriteArgument("http://host/x"));
        assertThrows(IllegalArgumentException.class, () -> fs.resolve("/../../etc/passwd"));
    }

    @Test
    void shellWords_quotes_splitLikeSh() {
        assertEquals(List.of("sh", "-c", "echo 'a  b' | sha256sum -c -"),
                ShellWords.split("sh -c \"echo 'a  b' | sha256sum -c -\""));
        assertEquals(List.of("a b", "c\"d", "e f"), ShellWords.split("'a b' \"c\\\"d\" e\\ f"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("echo 'open"));
    }
}
