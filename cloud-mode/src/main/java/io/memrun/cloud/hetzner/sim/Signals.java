package io.memrun.cloud.hetzner.sim;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * POSIX signals the JDK cannot send ({@code STOP}, {@code CONT}, {@code INT}, ...), through the
 * {@code kill} command. The sim runs on Linux or macOS; there this is always present.
 */
final class Signals {
    private Signals() {
    }

    /**
     * Sends {@code signal} ({@code STOP} or {@code SIGSTOP}) to {@code pid}; returns whether
     * {@code kill} succeeded (it fails for a process that is gone).
     */
    static boolean send(long pid, String signal) {
        String name = signal.startsWith("SIG") ? signal.substring(3) : signal;
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends {@code signal} to the process and all its descendants. */
    static void sendTree(ProcessHandle process, String signal) {
        process.descendants().forEach(d -> send(d.pid(), signal));
        send(process.pid(), signal);
    }
}
