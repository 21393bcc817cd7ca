package io.memrun.cloud.hetzner.sim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The running process of one started unit, as systemd keeps it: started again after it exits when
 * {@code Restart=} says so (after {@code RestartSec}, at most 5 starts in 10 s, then the unit
 * fails as systemd's default start limit has it), stopped with {@code KillSignal} and, after
 * {@code TimeoutStopSec}, killed. Its output goes to the console (the launcher arranges that).
 */
final class UnitProcess {
    private static final int START_LIMIT_BURST = 5;
    private static final long START_LIMIT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final SystemdUnit unit;
    private final Callable<ProcessBuilder> launcher;
    private final ConsoleLog console;
    private final Deque<Long> recentStarts = new ArrayDeque<>();
    private Process process;
    private boolean stopped;
    private int starts;

    UnitProcess(SystemdUnit unit, Callable<ProcessBuilder> launcher, ConsoleLog console) {
        this.unit = unit;
        this.launcher = launcher;
        this.console = console;
    }

    String name() {
        return unit.name();
    }

    /** Starts the process. @throws Exception if it cannot be launched (the unit is then failed) */
    synchronized void start() throws Exception {
        stopped = false;
        launch();
    }

    /** The current process's pid, or -1 when none runs. */
    synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /** How many times the process was started. */
    synchronized int starts() {
        return starts;
    }

    /**
     * Stops it for good: {@code KillSignal}, then SIGCONT (a stopped process must see it), then
     * SIGKILL after {@code TimeoutStopSec} or {@code cap}, whichever is shorter.
     */
    void stop(Duration cap) throws InterruptedException {
        Process p = markStopped();
        if (p == null || !p.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = tree(p);
        switch (unit.killSignal()) {
            case "SIGTERM" -> tree.forEach(ProcessHandle::destroy);
            case "SIGKILL" -> tree.forEach(ProcessHandle::destroyForcibly);
            default -> tree.forEach(h -> Signals.send(h.pid(), unit.killSignal()));
        }
        tree.forEach(h -> Signals.send(h.pid(), "CONT"));
        Duration timeout = unit.timeoutStopSec().compareTo(cap) < 0 ? unit.timeoutStopSec() : cap;
        if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            console.line(unit.name() + ": stop timed out after " + timeout + ", killing");
            tree.forEach(ProcessHandle::destroyForcibly);
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Kills it at once (SIGKILL), with no restart: the VM lost power. */
    void kill() {
        Process p = markStopped();
        if (p != null) {
            tree(p).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Sends {@code signal} to the process and its children. */
    synchronized void signal(String signal) {
        if (process != null && process.isAlive()) {
            Signals.sendTree(process.toHandle(), signal);
        }
    }

    private synchronized Process markStopped() {
        stopped = true;
        return process;
    }

    private void launch() throws Exception {
        long now = System.nanoTime();
        while (!recentStarts.isEmpty() && now - recentStarts.peekFirst() > START_LIMIT_INTERVAL_NANOS) {
            recentStarts.removeFirst();
        }
        if (recentStarts.size() >= START_LIMIT_BURST) {
            console.line(unit.name() + ": start request repeated too quickly, refusing to start");
            stopped = true;
            return;
        }
        recentStarts.addLast(now);
        Process p = launcher.call().start();
        process = p;
        starts++;
        console.line(unit.name() + ": started, pid " + p.pid());
        p.onExit().thenAccept(this::exited);
    }

    private synchronized void exited(Process p) {
        if (p != process) {
            return;
        }
        int code = p.exitValue();
        console.line(unit.name() + ": main process exited, status " + code + (stopped ? " (stopped)" : ""));
        if (stopped || !unit.restart().after(code)) {
            return;
        }
        Duration delay = unit.restartSec();
        Thread.ofVirtual().name("sim-restart-" + unit.name()).start(() -> restartAfter(delay));
    }

    private void restartAfter(Duration delay) {
        try {
            Thread.sleep(delay);
            synchronized (this) {
                if (!stopped) {
                    console.line(unit.name() + ": scheduled restart");
                    launch();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            console.line(unit.name() + ": restart failed: " + e.getMessage());
        }
    }

    private static List<ProcessHandle> tree(Process p) {
        List<ProcessHandle> all = new java.util.ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        return all;
    }
}
