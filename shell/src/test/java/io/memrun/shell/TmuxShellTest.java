package io.memrun.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.memrun.shell.internal.StubGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell in a real pseudo-terminal (a tmux pane), typed at key by key: Tab
 * completes commands, services and request fields; the Up arrow recalls earlier lines, also from
 * the previous session's history file. Skips itself when tmux is not installed.
 */
@Timeout(120)
class TmuxShellTest {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    private final String socket = "memrun-shell-test-" + ProcessHandle.current().pid();
    private StubGateway gateway;
    private Path history;
    private int sessions;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(tmuxAvailable(), "tmux is not installed (apt-get install -y tmux); skipping the pty-driven shell test");
        gateway = new StubGateway();
        history = dir.resolve("history");
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            tmux("kill-server"); // our own server only: it has its own socket
            gateway.close();
        }
    }

    @Test
    void tab_completesCommandServiceAndFields_upArrow_recallsHistoryAcrossSessions() throws Exception {
        String pane = openShell();
        awaitPrompt(pane, "");

        type(pane, "sen", "Tab");
        awaitPrompt(pane, "send ");
        type(pane, "ec", "Tab");
        awaitPrompt(pane, "send echo ");
        type(pane, "u", "Tab");
        awaitPrompt(pane, "send echo user_id=");
        type(pane, "u1 d", "Tab");
        awaitPrompt(pane, "send echo user_id=u1 dataset_id=");
        type(pane, "tmux1", "Enter");
        await(pane, s -> s.contains("cache miss"), "the reply");

        type(pane, "Up");
        awaitPrompt(pane, "send echo user_id=u1 dataset_id=tmux1");
        type(pane, "Enter");
        await(pane, s -> s.contains("cache hit"), "the repeated request's reply");

        type(pane, "exit", "Enter");
        await(pane, s -> s.contains("[shell exited with 0]"), "the shell to exit");

        String second = openShell();
        awaitPrompt(second, "");
        type(second, "Up", "Up");
        awaitPrompt(second, "send echo user_id=u1 dataset_id=tmux1");
        type(second, "C-c");
        awaitPrompt(second, "");
        type(second, "C-d");
        await(second, s -> s.contains("[shell exited with 0]"), "Ctrl-D to exit");
        assertTrue(Files.readString(history).contains("send echo user_id=u1 dataset_id=tmux1"));
        assertEquals(2, gateway.invokes());
    }

    @Test
    void ctrlC_duringBench_stopsItWithPartialResults_andPromptReturns() throws Exception {
        String pane = openShell();
        awaitPrompt(pane, "");
        type(pane, "bench echo -n 10000000 -c 2 --keys 10 user_id=u dataset_id=d", "Enter");
        await(pane, s -> s.contains("bench ") && s.contains("req"), "the bench progress bar");
        type(pane, "C-c");
        await(pane, s -> s.contains("-- interrupted after "), "the interrupted bench's report");
        awaitPrompt(pane, "");
        type(pane, "services", "Enter");
        await(pane, s -> s.contains("user_id:dataset_id"), "the next command to run");
        type(pane, "exit", "Enter");
        await(pane, s -> s.contains("[shell exited with 0]"), "the shell to exit");
    }

    /** Starts the shell in a new tmux window; returns its target name. */
    private String openShell() throws Exception {
        String name = "s" + (++sessions);
        String java = ProcessHandle.current().info().command().orElse("java");
        // jline's terminal support loads a native library; without this JDK 24+ warns on every start.
        String cmd = String.join(" ", quote(java), "--enable-native-access=ALL-UNNAMED", "-cp", quote(System.getProperty("java.class.path")),
                ShellTestMain.class.getName(), gateway.uri().toString(), quote(history.toString()),
                // keep the pane after the JVM exits, so the test can read its last words
                "; sleep 600");
        tmux("new-session", "-d", "-s", name, "-x", "150", "-y", "40", cmd);
        return name;
    }

    private void type(String pane, String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", pane));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Waits until the pane's last prompt line reads exactly {@code memrun> <text>}. */
    private void awaitPrompt(String pane, String text) throws Exception {
        await(pane, s -> {
            // tmux trims trailing spaces from captured lines, so "memrun> " shows as "memrun>".
            String want = ("memrun> " + text).stripTrailing();
            List<String> prompts = s.lines().map(String::stripTrailing).filter(l -> l.startsWith("memrun>")).toList();
            return !prompts.isEmpty() && prompts.get(prompts.size() - 1).equals(want) && s.stripTrailing().endsWith(want);
        }, "prompt 'memrun> " + text + "'");
    }

    private void await(String pane, Predicate<String> ready, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT_NANOS;
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux("capture-pane", "-p", "-t", pane);
            if (ready.test(screen)) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AssertionError("waited 30 s for " + what + "; the pane shows:\n" + screen);
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tmux " + String.join(" ", args) + " hung");
        }
        if (p.exitValue() != 0 && !args[0].equals("kill-server")) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private static boolean tmuxAvailable() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
