package io.memrun.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.shell.MemrunShell;
import io.memrun.shell.ShellSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The interactive loop on a DumbTerminal over piped streams: Ctrl-C, Ctrl-D, history; and what Tab offers. */
@Timeout(60)
class InteractiveSessionTest {
    private static final char CTRL_C = 3;
    private static final char CTRL_D = 4;
    private static StubGateway gateway;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        gateway = new StubGateway();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** A dumb terminal where Ctrl-C raises SIGINT, as in a real terminal's default (cooked) mode. */
    private static Terminal dumb(java.io.InputStream in, java.io.OutputStream out) throws IOException {
        Terminal t = new DumbTerminal(in, out);
        Attributes a = t.getAttributes();
        a.setLocalFlag(Attributes.LocalFlag.ISIG, true);
        a.setControlChar(Attributes.ControlChar.VINTR, CTRL_C);
        t.setAttributes(a);
        return t;
    }

    private String session(String typed, Path history) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = new DumbTerminal(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), out)) {
            assertEquals(0, MemrunShell.runOnTerminal(ShellSettings.of(gateway.uri()).withHistoryFile(history), t));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void ctrlC_cancelsTheLine_andTheSessionGoesOn() throws Exception {
        // Piped, so reads block as on a real terminal: that is where jline notices the interrupt Ctrl-C raises.
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keyboard);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = dumb(in, out)) {
            Thread shell = Thread.ofPlatform().start(() -> {
                try {
                    MemrunShell.runOnTerminal(ShellSettings.of(gateway.uri()).withHistoryFile(dir.resolve("h")), t);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            awaitPrompts(out, 1);
            keyboard.write(("send echo user_id=cancelled" + CTRL_C).getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            awaitPrompts(out, 2);
            keyboard.write("services\nexit\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            shell.join(10_000);
            assertFalse(shell.isAlive(), "exit ends the session");
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("user_id:dataset_id"), text);
        assertFalse(text.contains("missing sticky-key field"), "the cancelled line must not run: " + text);
    }

    /** Polls the output until the prompt has been shown {@code n} times, or fails after 10 s. */
    private static void awaitPrompts(ByteArrayOutputStream out, int n) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (out.toString(StandardCharsets.UTF_8).split("memrun> ", -1).length - 1 < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no prompt #" + n + " within 10 s: " + out.toString(StandardCharsets.UTF_8));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
    }

    @Test
    void ctrlD_onEmptyLine_exits() throws IOException {
        String out = session("services\n" + CTRL_D + "services\n", dir.resolve("h"));
        assertEquals(1, out.split("NAME ", -1).length - 1, "only the first services ran: " + out);
    }

    @Test
    void failedCommand_printsOneLine_andPromptReturns() throws IOException {
        String out = session("send echo user_id=u1\nservices\n", dir.resolve("h"));
        assertTrue(out.contains("error 400 missing sticky-key field"), out);
        assertTrue(out.contains("NAME "), "the next command still ran: " + out);
    }

    @Test
    void history_isSavedToTheFile_andAppendedByTheNextSession() throws IOException {
        // Recalling it with the arrow keys needs a real terminal: TmuxShellTest shows that.
        Path history = dir.resolve("history");
        session("send echo user_id=u1 dataset_id=hist\nservices\nexit\n", history);
        List<String> saved = Files.readAllLines(history);
        assertTrue(saved.stream().anyMatch(l -> l.endsWith("send echo user_id=u1 dataset_id=hist")), saved.toString());
        session("workers echo\n", history);
        List<String> after = Files.readAllLines(history);
        assertEquals(saved.size() + 1, after.size(), after.toString());
        assertTrue(after.get(after.size() - 1).endsWith("workers echo"), after.toString());
    }

    private List<String> complete(String line) {
        ShellContext ctx = new ShellContext(ShellSettings.of(gateway.uri()), new java.io.PrintWriter(new ByteArrayOutputStream()),
                ProgressDisplay.none());
        ctx.remember(new ShellContext.LastRequest("echo", RequestFields.parse(List.of("s3_path=x", "query.op=sum")),
                java.time.Duration.ofSeconds(1)));
        ShellCompleter completer = new ShellCompleter(ctx, new CommandDispatcher(ctx));
        try (Terminal t = new DumbTerminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())) {
            LineReader reader = LineReaderBuilder.builder().terminal(t).build();
            List<Candidate> candidates = new ArrayList<>();
            completer.complete(reader, new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE), candidates);
            return candidates.stream().map(Candidate::value).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void complete_firstWord_offersCommands() {
        assertTrue(complete("se").containsAll(List.of("send", "services", "again", "bench", "quit")), complete("se").toString());
    }

    @Test
    void complete_afterSend_offersServices() {
        assertEquals(List.of("echo"), complete("send "));
    }

    @Test
    void complete_requestFields_stickyFirstThenSeen_withoutOnesAlreadyGiven() {
        assertEquals(List.of("dataset_id=", "query.op=", "s3_path="), complete("send echo user_id=u1 "));
    }

    @Test
    void complete_benchDist_offersDistributions() {
        assertEquals(List.of("uniform", "zipf"), complete("bench echo --dist "));
    }

    @Test
    void complete_kill_offersWorkerIds() {
        assertEquals(List.of("echo-w0"), complete("kill "));
    }
}
