package io.memrun.cloud.hetzner.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memrun.runtime.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /v1 API over real HTTP: shapes, filters, pagination, errors, actions, faults and the call log. */
class HetznerSimApiTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path root;
    static HetznerSim sim;
    static SimClient api;

    @BeforeAll
    static void start() throws Exception {
        sim = HetznerSim.start(SimSettings.defaults(root).withBootDelay(Duration.ofMillis(50)));
        api = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void serverTypes_list_haveHetznerFieldsAndPricesPerLocation() throws Exception {
        var r = api.get("/v1/server_types?per_page=50");
        assertEquals(200, r.status());
        List<String> names = new ArrayList<>();
        r.body().path("server_types").forEach(t -> names.add(t.path("name").asText()));
        assertTrue(names.containsAll(List.of("cx22", "cx52", "cpx11", "cpx51", "cax11", "cax41", "ccx13", "ccx63")), names.toString());
        JsonNode cx22 = api.get("/v1/server_types?name=cx22").body().path("server_types").get(0);
        assertEquals(2, cx22.path("cores").asInt());
        assertEquals(4.0, cx22.path("memory").asDouble());
        assertEquals(40, cx22.path("disk").asInt());
        assertEquals("x86", cx22.path("architecture").asText());
        assertTrue(cx22.path("deprecation").isNull());
        JsonNode price = cx22.path("prices").get(0);
        assertEquals("fsn1", price.path("location").asText());
        assertTrue(price.path("price_monthly").path("gross").isTextual());
        assertEquals(3, cx22.path("prices").size());
    }

    @Test
    void images_byName_returnsOneImagePerArchitecture() throws Exception {
        var r = api.get("/v1/images?name=ubuntu-24.04&type=system");
        assertEquals(200, r.status());
        assertEquals(2, r.body().path("images").size());
        JsonNode x86 = api.get("/v1/images?name=debian-13&architecture=x86").body().path("images").get(0);
        assertEquals("debian", x86.path("os_flavor").asText());
        assertEquals("13", x86.path("os_version").asText());
        assertEquals(3, api.get("/v1/locations").body().path("locations").size());
        assertEquals(3, api.get("/v1/datacenters").body().path("datacenters").size());
    }

    @Test
    void createServer_valid_answers201ThenRunsAndActionSucceeds() throws Exception {
        var r = api.post("/v1/servers", SimClient.server("create-ok", "test", "create"));
        assertEquals(201, r.status(), r.toString());
        JsonNode server = r.body().path("server");
        long id = server.path("id").asLong();
        assertEquals("initializing", server.path("status").asText());
        assertEquals("cx22", server.path("server_type").path("name").asText());
        assertEquals("fsn1", server.path("datacenter").path("location").path("name").asText());
        assertEquals("create", server.path("labels").path("test").asText());
        assertEquals("create_server", r.body().path("action").path("command").asText());
        assertEquals("running", r.body().path("action").path("status").asText());
        assertEquals(1, r.body().path("next_actions").size());
        assertTrue(r.body().path("root_password").isNull());
        long actionId = r.body().path("action").path("id").asLong();
        Await.until("server running", WAIT, () -> api.status(id).equals("running"));
        assertEquals("success", api.get("/v1/actions/" + actionId).body().path("action").path("status").asText());
    }

    @Test
    void createServer_takenName_answers409UniquenessError() throws Exception {
        assertEquals(201, api.post("/v1/servers", SimClient.server("taken")).status());
        var again = api.post("/v1/servers", SimClient.server("taken"));
        assertEquals(409, again.status());
        assertEquals("uniqueness_error", again.errorCode());
    }

    @Test
    void createServer_badInput_answers400InvalidInputNamingTheField() throws Exception {
        assertInvalid(SimClient.server("not_a_hostname"), "name");
        assertInvalid(SimClient.server("-leading-dash"), "name");
        assertInvalid(SimClient.server("bad-type").put("server_type", "cx999"), "server_type");
        assertInvalid(SimClient.server("bad-image").put("image", "windows-11"), "image");
        assertInvalid(SimClient.server("bad-location").put("location", "mars1"), "location");
        assertInvalid(SimClient.server("bad-userdata").put("user_data", "x".repeat(32 * 1024 + 1)), "user_data");
        assertInvalid(SimClient.server("bad-label", "bad key!", "v"), "labels");
        assertInvalid(SimClient.server("bad-label-value", "k", "-v"), "labels");
        ObjectNode noName = SimClient.server("x");
        noName.remove("name");
        assertInvalid(noName, "name");
        assertEquals(201, api.post("/v1/servers", SimClient.server("max-userdata").put("user_data", "x".repeat(32 * 1024))).status());
    }

    @Test
    void createServer_malformedBody_answers400JsonErrorWithoutStackTrace() throws Exception {
        for (String body : List.of("{", "[]", "{\"name\": \"a\", \"name\": \"b\"}", "null")) {
            var r = api.send("POST", "/v1/servers", body);
            assertEquals(400, r.status(), body);
            assertEquals("json_error", r.errorCode(), body);
            assertFalse(r.body().toString().contains("Exception"), r.body().toString());
        }
    }

    @Test
    void listServers_labelSelector_matchesHetznerSyntax() throws Exception {
        create("sel-a", "sel", "yes", "role", "worker", "slot", "s0");
        create("sel-b", "sel", "yes", "role", "worker", "slot", "s1");
        create("sel-c", "sel", "yes", "role", "gateway");
        assertEquals(List.of("sel-a", "sel-b", "sel-c"), names("sel=yes"));
        assertEquals(List.of("sel-a", "sel-b"), names("sel==yes,role=worker"));
        assertEquals(List.of("sel-c"), names("sel=yes,role!=worker"));
        assertEquals(List.of("sel-a", "sel-b"), names("sel=yes,slot"));
        assertEquals(List.of("sel-c"), names("sel=yes,!slot"));
        assertEquals(List.of("sel-a", "sel-c"), names("sel=yes,slot notin (s1)"));
        assertEquals(List.of("sel-b"), names("sel=yes,slot in (s1, s7)"));
        var bad = api.get("/v1/servers?label_selector=" + enc("a in (b"));
        assertEquals(400, bad.status());
        assertEquals("invalid_input", bad.errorCode());
    }

    @Test
    void listServers_pagination_answersPagesAndMeta() throws Exception {
        for (int i = 0; i < 7; i++) {
            create("page-" + i, "page", "yes");
        }
        var first = api.get("/v1/servers?label_selector=page%3Dyes&per_page=3");
        JsonNode meta = first.body().path("meta").path("pagination");
        assertEquals(3, first.body().path("servers").size());
        assertEquals(1, meta.path("page").asInt());
        assertEquals(3, meta.path("per_page").asInt());
        assertTrue(meta.path("previous_page").isNull());
        assertEquals(2, meta.path("next_page").asInt());
        assertEquals(3, meta.path("last_page").asInt());
        assertEquals(7, meta.path("total_entries").asInt());
        var last = api.get("/v1/servers?label_selector=page%3Dyes&per_page=3&page=3");
        assertEquals(1, last.body().path("servers").size());
        assertTrue(last.body().path("meta").path("pagination").path("next_page").isNull());
        assertEquals(50, api.get("/v1/servers?per_page=500").body().path("meta").path("pagination").path("per_page").asInt());
        assertEquals("invalid_input", api.get("/v1/servers?page=0").errorCode());
        var desc = api.get("/v1/servers?label_selector=page%3Dyes&sort=name:desc&per_page=2");
        assertEquals("page-6", desc.body().path("servers").get(0).path("name").asText());
        assertEquals("invalid_input", api.get("/v1/servers?sort=cores").errorCode());
        assertEquals(1, api.get("/v1/servers?name=page-4").body().path("servers").size());
    }

    @Test
    void anyCall_missingOrWrongToken_answers401Unauthorized() throws Exception {
        for (SimClient client : List.of(new SimClient(sim, null), new SimClient(sim, "wrong"))) {
            var r = client.get("/v1/servers");
            assertEquals(401, r.status());
            assertEquals("unauthorized", r.errorCode());
            assertNotNull(r.header("RateLimit-Limit"));
        }
    }

    @Test
    void anyCall_answered_carriesRateLimitHeaders() throws Exception {
        for (var r : List.of(api.get("/v1/servers"), api.get("/v1/servers/999999"), api.get("/v1/nothing"))) {
            assertEquals("3600", r.header("RateLimit-Limit"), r.toString());
            int remaining = Integer.parseInt(r.header("RateLimit-Remaining"));
            assertTrue(remaining > 3000 && remaining < 3600, r.header("RateLimit-Remaining"));
            long reset = Long.parseLong(r.header("RateLimit-Reset"));
            assertTrue(reset >= System.currentTimeMillis() / 1000, "reset " + reset);
        }
    }

    @Test
    void getServer_unknownOrBadId_answers404Or400() throws Exception {
        assertEquals("not_found", api.get("/v1/servers/999999").errorCode());
        assertEquals("invalid_input", api.get("/v1/servers/abc").errorCode());
        assertEquals("not_found", api.get("/v1/actions/999999").errorCode());
        var route = api.get("/v1/volumes");
        assertEquals(404, route.status());
        assertEquals("not_found", route.errorCode());
    }

    @Test
    void updateServer_nameAndLabels_replacesThem() throws Exception {
        long id = create("upd-a", "k", "v");
        var r = api.put("/v1/servers/" + id, SimClient.JSON.createObjectNode().put("name", "upd-b")
                .set("labels", SimClient.JSON.createObjectNode().put("role", "x")));
        assertEquals(200, r.status(), r.toString());
        assertEquals("upd-b", r.body().path("server").path("name").asText());
        assertEquals("x", r.body().path("server").path("labels").path("role").asText());
        assertTrue(r.body().path("server").path("labels").path("k").isMissingNode());
        create("upd-c");
        assertEquals("uniqueness_error", api.put("/v1/servers/" + id, SimClient.JSON.createObjectNode().put("name", "upd-c")).errorCode());
    }

    @Test
    void deleteServer_existing_isDeletingThenGone() throws Exception {
        long id = create("del-me");
        var r = api.delete("/v1/servers/" + id);
        assertEquals(200, r.status());
        assertEquals("delete_server", r.body().path("action").path("command").asText());
        long actionId = r.body().path("action").path("id").asLong();
        Await.until("server gone", WAIT, () -> api.status(id).equals("gone"));
        assertEquals("success", api.get("/v1/actions/" + actionId).body().path("action").path("status").asText());
        assertEquals(201, api.post("/v1/servers", SimClient.server("del-me")).status(), "the name is free again");
    }

    @Test
    void powerActions_offThenOn_statusFollowsAndLockedWhileRunning() throws Exception {
        long id = createRunning("power-1");
        var off = api.post("/v1/servers/" + id + "/actions/poweroff", null);
        assertEquals(201, off.status(), off.toString());
        assertEquals("stop_server", off.body().path("action").path("command").asText());
        Await.until("server off", WAIT, () -> api.status(id).equals("off"));
        assertEquals(201, api.post("/v1/servers/" + id + "/actions/poweron", "{}").status());
        var locked = api.post("/v1/servers/" + id + "/actions/poweroff", null);
        if (locked.status() != 201) {
            assertEquals("locked", locked.errorCode());
            assertEquals(423, locked.status());
        }
        Await.until("server running", WAIT, () -> api.status(id).equals("running"));
        var actions = api.get("/v1/servers/" + id + "/actions?sort=id:asc");
        List<String> commands = new ArrayList<>();
        actions.body().path("actions").forEach(a -> commands.add(a.path("command").asText()));
        assertEquals(List.of("create_server", "start_server", "stop_server", "start_server"), commands.subList(0, 4));
        assertEquals("not_found", api.post("/v1/servers/" + id + "/actions/explode", null).errorCode());
    }

    @Test
    void listActions_byIds_answersThoseActions() throws Exception {
        var a = api.post("/v1/servers", SimClient.server("acts-a")).body();
        var b = api.post("/v1/servers", SimClient.server("acts-b")).body();
        long ida = a.path("action").path("id").asLong();
        long idb = b.path("action").path("id").asLong();
        var r = api.get("/v1/actions?id=" + ida + "&id=" + idb);
        assertEquals(200, r.status());
        assertEquals(2, r.body().path("actions").size());
        assertEquals(2, r.body().path("meta").path("pagination").path("total_entries").asInt());
    }

    @Test
    void injectedErrors_nextMatchingCalls_answerThemThenNormal() throws Exception {
        var hook = api.post("/_sim/errors", SimClient.JSON.createObjectNode().put("method", "POST")
                .put("path_prefix", "/v1/servers").put("count", 2).put("status", 503).put("code", "unavailable"));
        assertEquals(200, hook.status(), hook.toString());
        assertEquals(200, api.get("/v1/servers?name=inj").status(), "a GET does not match");
        assertEquals("unavailable", api.post("/v1/servers", SimClient.server("inj")).errorCode());
        var second = api.post("/v1/servers", SimClient.server("inj"));
        assertEquals(503, second.status());
        assertEquals(201, api.post("/v1/servers", SimClient.server("inj")).status());
        api.post("/_sim/errors", SimClient.JSON.createObjectNode().put("status", 409).put("code", "conflict"));
        var conflict = api.get("/v1/servers");
        assertEquals(409, conflict.status());
        assertEquals("conflict", conflict.errorCode());
    }

    @Test
    void actionErrors_nextCreate_endsInErrorAndServerOff() throws Exception {
        api.post("/_sim/action_errors", SimClient.JSON.createObjectNode().put("command", "create_server").put("count", 1));
        var r = api.post("/v1/servers", SimClient.server("act-err"));
        long id = r.body().path("server").path("id").asLong();
        long actionId = r.body().path("action").path("id").asLong();
        JsonNode action = Await.until("action done", WAIT, () -> api.get("/v1/actions/" + actionId).body().path("action"),
                a -> !a.path("status").asText().equals("running"));
        assertEquals("error", action.path("status").asText());
        assertEquals("action_failed", action.path("error").path("code").asText());
        assertEquals("off", api.status(id));
    }

    @Test
    void callLog_everyV1Call_isLoggedWithStatusAndServerCount() throws Exception {
        long before = lastSeq();
        api.get("/v1/servers?name=calls");
        api.post("/v1/servers", SimClient.server("calls-1"));
        new SimClient(sim, "bad").get("/v1/servers");
        api.get("/v1/servers/424242");
        var calls = api.get("/_sim/calls?since=" + before).body().path("calls");
        assertEquals(4, calls.size(), calls.toString());
        assertEquals(404, calls.get(3).path("status").asInt());
        assertEquals("not_found", calls.get(3).path("code").asText());
        assertEquals("GET", calls.get(0).path("method").asText());
        assertEquals("/v1/servers", calls.get(0).path("path").asText());
        assertEquals("name=calls", calls.get(0).path("query").asText());
        assertEquals(201, calls.get(1).path("status").asInt());
        assertTrue(calls.get(1).path("servers").asInt() >= 1);
        assertEquals("unauthorized", calls.get(2).path("code").asText());
    }

    @Test
    void simServers_hook_listsFsRootAndConsole() throws Exception {
        long id = createRunning("hooks-view");
        JsonNode s = null;
        for (JsonNode n : api.get("/_sim/servers").body().path("servers")) {
            if (n.path("id").asLong() == id) {
                s = n;
            }
        }
        assertNotNull(s);
        assertEquals(root.resolve("servers/" + id + "/fs").toString(), s.path("fs_root").asText());
        assertTrue(s.path("console_log").asText().endsWith("console.log"));
        assertEquals("", s.path("boot_failure").asText());
    }

    private static void assertInvalid(ObjectNode body, String field) throws Exception {
        var r = api.post("/v1/servers", body);
        assertEquals(400, r.status(), r.toString());
        assertEquals("invalid_input", r.errorCode(), r.toString());
        assertEquals(field, r.body().path("error").path("details").path("fields").get(0).path("name").asText(), r.toString());
    }

    private static long create(String name, String... labels) throws Exception {
        var r = api.post("/v1/servers", SimClient.server(name, labels));
        assertEquals(201, r.status(), r.toString());
        return r.body().path("server").path("id").asLong();
    }

    private static long createRunning(String name) throws Exception {
        long id = create(name);
        Await.until(name + " running", WAIT, () -> api.status(id).equals("running"));
        Await.until(name + " unlocked", WAIT,
                () -> !api.get("/v1/servers/" + id).body().path("server").path("locked").asBoolean());
        return id;
    }

    private static List<String> names(String selector) throws Exception {
        var r = api.get("/v1/servers?sort=name&label_selector=" + enc(selector));
        assertEquals(200, r.status(), r.toString());
        List<String> names = new ArrayList<>();
        r.body().path("servers").forEach(s -> names.add(s.path("name").asText()));
        return names;
    }

    private static long lastSeq() throws Exception {
        JsonNode calls = api.get("/_sim/calls").body().path("calls");
        return calls.isEmpty() ? 0 : calls.get(calls.size() - 1).path("seq").asLong();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
