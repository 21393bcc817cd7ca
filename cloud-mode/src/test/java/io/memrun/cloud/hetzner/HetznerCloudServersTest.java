package io.memrun.cloud.hetzner;

import static io.memrun.cloud.hetzner.HetznerJson.labels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Servers and actions: what the client sends and how it reads Hetzner's answers. */
class HetznerCloudServersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER_LABELS = labels("memrun.io/cluster", "c1", "memrun.io/slot", "s0");

    private final FakeSleeper sleeper = new FakeSleeper();
    private ScriptedHetzner api;
    private HetznerCloud hetzner;

    @BeforeEach
    void start() throws IOException {
        api = ScriptedHetzner.start();
        hetzner = api.client(sleeper, RetryPolicy.defaults());
    }

    @AfterEach
    void stop() {
        hetzner.close();
        api.close();
    }

    @Test
    void createServer_spec_sendsStartAfterCreateUserDataLabelsAndToken() throws Exception {
        api.reply(201, HetznerJson.createServerResponse(42, "c1-svc-s0-r1", CLUSTER_LABELS));
        String userData = "#cloud-config\nruncmd:\n  - [systemctl, start, memrun-worker]\n";
        ServerSpec spec = new ServerSpec("c1-svc-s0-r1", "cx22", "debian-13", "fsn1", userData,
                Map.of("memrun.io/cluster", "c1", "memrun.io/slot", "s0"));

        CreatedServer created = hetzner.createServer(spec);

        ScriptedHetzner.Recorded request = api.request(0);
        assertEquals("POST", request.method());
        assertEquals("/v1/servers", request.path());
        assertEquals("Bearer " + ScriptedHetzner.TOKEN, request.header("Authorization"));
        assertTrue(request.header("Content-Type").startsWith("application/json"), request.header("Content-Type"));
        JsonNode body = JSON.readTree(request.body());
        assertEquals("c1-svc-s0-r1", body.path("name").asText());
        assertEquals("cx22", body.path("server_type").asText());
        assertEquals("debian-13", body.path("image").asText());
        assertEquals("fsn1", body.path("location").asText());
        assertTrue(body.path("start_after_create").isBoolean() && body.path("start_after_create").asBoolean(),
                "start_after_create must be true: " + body);
        assertEquals(userData, body.path("user_data").asText());
        assertEquals(JSON.valueToTree(Map.of("memrun.io/cluster", "c1", "memrun.io/slot", "s0")), body.path("labels"));

        assertEquals(42, created.server().id());
        assertEquals(ServerStatus.INITIALIZING, created.server().status());
        assertEquals("create_server", created.action().command());
        assertEquals(ActionStatus.RUNNING, created.action().status());
        assertEquals(List.of("start_server"), created.nextActions().stream().map(Action::command).toList());
    }

    @Test
    void createServer_emptyUserData_sendsNoUserData() throws Exception {
        api.reply(201, HetznerJson.createServerResponse(42, "plain", "{}"));

        hetzner.createServer(new ServerSpec("plain", "cx22", "debian-13", "fsn1", "", Map.of()));

        JsonNode body = JSON.readTree(api.request(0).body());
        assertTrue(body.path("user_data").isMissingNode(), body.toString());
        assertTrue(body.path("start_after_create").asBoolean());
    }

    @Test
    void servers_threePages_followsPaginationToTheLastPage() throws Exception {
        String selector = "memrun.io/cluster=c1,memrun.io/role in (worker,canary),!memrun.io/draining";
        api.reply(200, HetznerJson.serversPage(1, 2, 3, 5, server(1), server(2)))
                .reply(200, HetznerJson.serversPage(2, 3, 3, 5, server(3), server(4)))
                .reply(200, HetznerJson.serversPage(3, null, 3, 5, server(5)));

        List<Server> servers = hetzner.servers(selector);

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), servers.stream().map(Server::id).toList());
        assertEquals(3, api.requests().size());
        for (int i = 0; i < 3; i++) {
            ScriptedHetzner.Recorded request = api.request(i);
            assertEquals("GET", request.method());
            assertEquals("/v1/servers", request.path());
            assertEquals(selector, request.param("label_selector"));
            assertEquals("50", request.param("per_page"));
            assertEquals(String.valueOf(i + 1), request.param("page"));
            assertEquals("Bearer " + ScriptedHetzner.TOKEN, request.header("Authorization"));
        }
    }

    @Test
    void servers_blankSelector_rejectedBeforeAnyRequest() {
        assertThrows(IllegalArgumentException.class, () -> hetzner.servers(" "));
        assertTrue(api.requests().isEmpty());
    }

    @Test
    void servers_selectorThatWouldBreakTheQuery_rejectedBeforeAnyRequest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> hetzner.servers("memrun.io/cluster=c1&name=x"));
        assertTrue(e.getMessage().contains("label selector"), e.getMessage());
        assertTrue(api.requests().isEmpty());
    }

    @Test
    void findServer_byId_mapsEveryField() throws Exception {
        api.reply(200, HetznerJson.serverDocument(42, "c1-svc-s0-r1", "running", CLUSTER_LABELS));

        Server server = hetzner.findServer(42).orElseThrow();

        assertEquals("/v1/servers/42", api.request(0).path());
        assertEquals(new Server(42, "c1-svc-s0-r1", ServerStatus.RUNNING, "cx22", "fsn1",
                Map.of("memrun.io/cluster", "c1", "memrun.io/slot", "s0"), Instant.parse("2016-01-30T23:55:00Z"),
                Optional.of("1.2.3.4")), server);
    }

    @Test
    void findServer_byIdNotFound_empty() throws Exception {
        api.reply(404, HetznerJson.error("not_found", "server with ID '42' not found"));

        assertEquals(Optional.empty(), hetzner.findServer(42));
    }

    @Test
    void findServer_statusThisClientDoesNotKnow_mapsToUnknown() throws Exception {
        api.reply(200, HetznerJson.serverDocument(42, "odd", "hibernating", "{}"));

        assertEquals(ServerStatus.UNKNOWN, hetzner.findServer(42).orElseThrow().status());
    }

    @Test
    void findServer_byName_sendsNameQueryAndReturnsTheMatch() throws Exception {
        api.reply(200, HetznerJson.serversPage(1, null, 1, 1, server(7)));

        Optional<Server> found = hetzner.findServer("server-7");

        assertEquals("/v1/servers", api.request(0).path());
        assertEquals("server-7", api.request(0).param("name"));
        assertEquals(7, found.orElseThrow().id());
    }

    @Test
    void findServer_byNameNone_empty() throws Exception {
        api.reply(200, HetznerJson.serversPage(1, null, 1, 0));

        assertEquals(Optional.empty(), hetzner.findServer("nobody"));
    }

    @Test
    void deleteServer_existing_sendsDeleteAndReturnsItsAction() throws Exception {
        api.reply(200, HetznerJson.actionDocument(13, "delete_server", "running"));

        Action action = hetzner.deleteServer(42);

        assertEquals("DELETE", api.request(0).method());
        assertEquals("/v1/servers/42", api.request(0).path());
        assertEquals("delete_server", action.command());
        assertEquals(ActionStatus.RUNNING, action.status());
        assertEquals(Optional.empty(), action.finished());
    }

    @Test
    void powerOffAndPowerOn_server_postToTheActionPaths() throws Exception {
        api.reply(201, HetznerJson.actionDocument(14, "stop_server", "running"))
                .reply(201, HetznerJson.actionDocument(15, "start_server", "running"));

        assertEquals("stop_server", hetzner.powerOff(42).command());
        assertEquals("start_server", hetzner.powerOn(42).command());

        assertEquals("POST", api.request(0).method());
        assertEquals("/v1/servers/42/actions/poweroff", api.request(0).path());
        assertEquals("/v1/servers/42/actions/poweron", api.request(1).path());
    }

    @Test
    void action_failedAction_mapsFinishedAndError() throws Exception {
        api.reply(200, HetznerJson.actionDocument(13, "create_server", "error"));

        Action action = hetzner.action(13);

        assertEquals("/v1/actions/13", api.request(0).path());
        assertEquals(ActionStatus.ERROR, action.status());
        assertTrue(action.status().finished());
        assertEquals(Optional.of(Instant.parse("2016-01-30T23:56:00Z")), action.finished());
        assertEquals(Optional.of(new Action.Failure("action_failed", "Action failed")), action.error());
    }

    @Test
    void actions_severalIds_oneRequestWithRepeatedIdQuery() throws Exception {
        api.reply(200, HetznerJson.actionsPage(1, null, 1, HetznerJson.action(1, "create_server", "success"),
                HetznerJson.action(2, "start_server", "running")));

        List<Action> actions = hetzner.actions(List.of(1L, 2L));

        assertEquals(1, api.requests().size());
        assertEquals("/v1/actions", api.request(0).path());
        assertEquals(List.of("1", "2"), api.request(0).params("id"));
        assertEquals(List.of(ActionStatus.SUCCESS, ActionStatus.RUNNING), actions.stream().map(Action::status).toList());
    }

    @Test
    void findServer_endpointWithPathPrefix_requestsGoUnderThatPrefix() throws Exception {
        try (ScriptedHetzner prefixed = ScriptedHetzner.start("/hetzner/api/v1");
             HetznerCloud client = prefixed.client(sleeper, RetryPolicy.defaults())) {
            prefixed.reply(200, HetznerJson.serverDocument(42, "a", "running", "{}"));

            assertTrue(client.findServer(42).isPresent());
            assertEquals("/hetzner/api/v1/servers/42", prefixed.request(0).path());
        }
    }

    @Test
    void close_thenCall_failsWithoutRequest() {
        hetzner.close();
        hetzner.close();

        assertThrows(IllegalStateException.class, () -> hetzner.findServer(42));
        assertFalse(api.requests().iterator().hasNext());
    }

    private static String server(long id) {
        return HetznerJson.server(id, "server-" + id, "running", CLUSTER_LABELS);
    }
}
