package io.memrun.cloud.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDataTest {
    private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "mr_boot_abcDEF-123_x";

    @TempDir
    Path dir;

    private static String render() {
        return UserData.render(URI.create("http://10.0.0.2:8080"), "memrun-svc-s0-r1-g0", TOKEN,
                URI.create("http://store:9000/b/memrun/artifacts/x.jar?X-Amz-Signature=abc&X-Amz-Expires=3600"), SHA, 60);
    }

    @Test
    void render_isValidCloudConfigForCloudInitSchema() throws Exception {
        Path cloudInit = Path.of("/usr/bin/cloud-init");
        assumeTrue(Files.isExecutable(cloudInit), "cloud-init is not installed (apt-get install cloud-init); skipping the schema check");
        Path file = Files.writeString(dir.resolve("user-data.yaml"), render());
        Process p = new ProcessBuilder(cloudInit.toString(), "schema", "--config-file", file.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("Valid cloud-config"), output);
    }

    @Test
    void render_holdsWhatTheBootNeedsAndNoLongLivedSecret() throws Exception {
        String yaml = render();
        assertTrue(yaml.startsWith("#cloud-config\n"));
        assertTrue(yaml.getBytes(StandardCharsets.UTF_8).length <= UserData.MAX_BYTES);
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertTrue(doc.path("packages").toString().contains("openjdk-21-jre-headless"));
        assertEquals("memrun", doc.path("users").path(0).path("name").asText());
        JsonNode bootstrap = doc.path("write_files").path(0);
        assertEquals(UserData.BOOTSTRAP_PATH, bootstrap.path("path").asText());
        assertEquals("0600", bootstrap.path("permissions").asText());
        assertTrue(bootstrap.path("defer").asBoolean(), "owned by a user created later: written in the final stage");
        assertTrue(bootstrap.path("content").asText().contains("bootstrap.token=" + TOKEN));
        String unit = doc.path("write_files").path(1).path("content").asText();
        assertTrue(unit.contains("ExecStart=/usr/bin/java -XX:InitialRAMPercentage=75 -XX:MaxRAMPercentage=75 -jar /opt/memrun/memrun.jar worker --enroll "
                + UserData.BOOTSTRAP_PATH), unit);
        assertTrue(unit.contains("Restart=on-failure") && unit.contains("KillSignal=SIGTERM") && unit.contains("TimeoutStopSec=60"));
        String runcmd = doc.path("runcmd").toString();
        assertTrue(runcmd.contains("X-Amz-Signature=abc"), "the jar comes through its presigned URL");
        assertTrue(runcmd.contains(SHA + "  /opt/memrun/memrun.jar' | sha256sum -c - && systemctl daemon-reload && systemctl"
                + " enable --now memrun-worker.service"), "the unit starts only after the checksum passed: " + runcmd);
        assertTrue(runcmd.contains("[\"chown\",\"memrun:memrun\",\"/var/lib/memrun\"]"), "the worker's home exists: " + runcmd);
        for (String secret : new String[] {"minioadmin", "secret", "password", "HCLOUD", "sasl"}) {
            assertFalse(yaml.toLowerCase(java.util.Locale.ROOT).contains(secret.toLowerCase(java.util.Locale.ROOT)), secret);
        }
    }

    @Test
    void render_unsafeServerNameOrToken_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> UserData.render(URI.create("http://x"), "a\nruncmd: [rm]", TOKEN,
                URI.create("http://j"), SHA, 60));
        assertThrows(IllegalArgumentException.class, () -> UserData.render(URI.create("http://x"), "s", "t'oken",
                URI.create("http://j"), SHA, 60));
    }
}
