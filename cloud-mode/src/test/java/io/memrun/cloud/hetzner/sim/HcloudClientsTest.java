package io.memrun.cloud.hetzner.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.memrun.runtime.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Hetzner clients against the sim through {@code HCLOUD_ENDPOINT}: the {@code hcloud}
 * CLI and hcloud-python. Each test skips itself when its client is not installed
 * ({@code apt-get install hcloud-cli python3-hcloud}).
 */
class HcloudClientsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path root;
    static HetznerSim sim;
    static SimClient api;

    @BeforeAll
    static void start() throws Exception {
        sim = HetznerSim.start(SimSettings.defaults(root.resolve("sim")).withBootDelay(Duration.ofMillis(50)));
        api = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void hcloudCli_listDescribePoweroffDelete_workAgainstTheSim() throws Exception {
        Optional<Path> hcloud = Tools.onPath("hcloud");
        assumeTrue(hcloud.isPresent(), "the hcloud CLI is not installed (apt-get install hcloud-cli); skipping");
        long a = create("cli-a", "memrun.io/role", "worker");
        create("cli-b", "memrun.io/role", "worker");
        create("cli-c", "memrun.io/role", "gateway");
        Await.until("cli-a running", WAIT, () -> api.status(a).equals("running"));

        var list = cli(hcloud.get(), SimSettings.DEFAULT_TOKEN, "server", "list", "-o", "json", "-l", "memrun.io/role=worker");
        assertEquals(0, list.exitCode(), list.stderr());
        List<String> names = new ArrayList<>();
        SimClient.JSON.readTree(list.stdout()).forEach(s -> names.add(s.path("name").asText()));
        assertEquals(List.of("cli-a", "cli-b"), names);

        var describe = cli(hcloud.get(), SimSettings.DEFAULT_TOKEN, "server", "describe", "cli-a", "-o", "json");
        assertEquals(0, describe.exitCode(), describe.stderr());
        JsonNode described = SimClient.JSON.readTree(describe.stdout());
        assertEquals(a, described.path("id").asLong());
        assertEquals("fsn1-dc14", described.path("datacenter").path("name").asText());

        var off = cli(hcloud.get(), SimSettings.DEFAULT_TOKEN, "server", "poweroff", "cli-a");
        assertEquals(0, off.exitCode(), off.stderr());
        assertEquals("off", api.status(a));

        var delete = cli(hcloud.get(), SimSettings.DEFAULT_TOKEN, "server", "delete", "cli-a");
        assertEquals(0, delete.exitCode(), delete.stderr());
        Await.until("cli-a gone", WAIT, () -> api.status(a).equals("gone"));

        var denied = cli(hcloud.get(), "wrong-token", "server", "list");
        assertNotEquals(0, denied.exitCode());
        assertTrue(denied.stderr().contains("unauthorized"), denied.stderr());
    }

    @Test
    void hcloudPython_getAllByLabelSelector_listsTheServers() throws Exception {
        Optional<Path> python = pythonWithHcloud();
        assumeTrue(python.isPresent(), "no python3 with hcloud-python (apt-get install python3-hcloud); skipping");
        for (int i = 0; i < 3; i++) {
            create("py-" + i, "memrun.io/cluster", "py");
        }
        String script = """
                import json, os
                from hcloud import Client
                from hcloud.server_types.domain import ServerType
                from hcloud.images.domain import Image
                c = Client(token=os.environ["HCLOUD_TOKEN"], api_endpoint=os.environ["HCLOUD_ENDPOINT"])
                created = c.servers.create(name="py-created", server_type=ServerType(name="cpx11"),
                                           image=Image(name="debian-13"), labels={"memrun.io/cluster": "py"})
                created.action.wait_until_finished(max_retries=200)
                servers = c.servers.get_all(label_selector="memrun.io/cluster=py")
                print(json.dumps(sorted([s.name + ":" + s.status for s in servers])))
                """;
        var r = Tools.run(List.of(python.get().toString(), "-c", script), env(SimSettings.DEFAULT_TOKEN), root);
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> seen = new ArrayList<>();
        SimClient.JSON.readTree(r.stdout()).forEach(n -> seen.add(n.asText().replaceFirst(":.*", "")));
        assertEquals(List.of("py-0", "py-1", "py-2", "py-created"), seen);
        assertTrue(r.stdout().contains("py-created:running"), r.stdout());
    }

    private static long create(String name, String... labels) throws Exception {
        var r = api.post("/v1/servers", SimClient.server(name, labels));
        assertEquals(201, r.status(), r.toString());
        return r.body().path("server").path("id").asLong();
    }

    private static Tools.Result cli(Path hcloud, String token, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(hcloud.toString()));
        command.addAll(List.of(args));
        return Tools.run(command, env(token), root);
    }

    /** The clients' environment; the CLI's config file points into the test's directory, never at ~/.config. */
    private static Map<String, String> env(String token) {
        return Map.of("HCLOUD_ENDPOINT", sim.endpoint().toString(), "HCLOUD_TOKEN", token,
                "HCLOUD_CONFIG", root.resolve("hcloud-cli.toml").toString());
    }

    private static Optional<Path> pythonWithHcloud() throws Exception {
        List<Path> candidates = new ArrayList<>();
        Tools.onPath("python3").ifPresent(candidates::add);
        candidates.add(Path.of("/usr/bin/python3"));
        for (Path p : candidates) {
            if (java.nio.file.Files.isExecutable(p)
                    && Tools.run(List.of(p.toString(), "-c", "import hcloud"), Map.of(), root).exitCode() == 0) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
