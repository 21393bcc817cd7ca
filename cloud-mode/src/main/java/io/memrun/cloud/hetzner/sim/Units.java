package io.memrun.cloud.hetzner.sim;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A server's systemd, the part the sim has: unit files read from the server's filesystem
 * ({@code etc/systemd/system}, {@code lib/systemd/system}, {@code usr/lib/systemd/system}),
 * enable/disable, start/stop/restart, the enabled units started at every boot. A unit's
 * {@code ExecStart} runs on the host: a first word named {@code java} becomes the sim's java, every
 * absolute path (also in {@code --opt=/path}) is mapped under the server's filesystem.
 *
 * <p>Starts are refused while the server is powered down, so a boot that raced a power-off cannot
 * leave a process behind.
 */
final class Units {
    /** No cap beyond the unit's own {@code TimeoutStopSec}. */
    static final Duration NO_CAP = Duration.ofDays(365);
    private static final List<String> UNIT_DIRS = List.of("etc/systemd/system", "lib/systemd/system",
            "usr/lib/systemd/system");

    /** A started unit's process, as the fault hooks report it. */
    record ProcessInfo(String unit, long pid, int starts) {
    }

    private final FsRoot fs;
    private final ConsoleLog console;
    private final Path java;
    private final Map<String, String> baseEnv;
    private final Set<String> enabled = new LinkedHashSet<>();
    private final Map<String, UnitProcess> started = new LinkedHashMap<>();
    private boolean poweredOn;

    Units(FsRoot fs, ConsoleLog console, Path java, Map<String, String> baseEnv) {
        this.fs = fs;
        this.console = console;
        this.java = java;
        this.baseEnv = Map.copyOf(baseEnv);
    }

    synchronized void powerOn() {
        poweredOn = true;
    }

    synchronized void enable(String name) throws IOException {
        String unit = unitName(name);
        unitFile(unit);
        enabled.add(unit);
        console.line("systemctl: enabled " + unit);
    }

    synchronized void disable(String name) {
        enabled.remove(unitName(name));
    }

    /** Starts the unit unless it runs already. */
    synchronized void start(String name) throws Exception {
        String unit = unitName(name);
        if (!poweredOn) {
            throw new IllegalStateException("the server is powered down");
        }
        UnitProcess current = started.get(unit);
        if (current != null && current.pid() > 0) {
            return;
        }
        SystemdUnit parsed = SystemdUnit.parse(unit, Files.readString(unitFile(unit), StandardCharsets.UTF_8));
        UnitProcess p = new UnitProcess(parsed, () -> launcher(parsed), console);
        started.put(unit, p);
        p.start();
    }

    void stop(String name) throws InterruptedException {
        UnitProcess p;
        synchronized (this) {
            p = started.remove(unitName(name));
        }
        if (p != null) {
            p.stop(NO_CAP);
        }
    }

    void restart(String name) throws Exception {
        stop(name);
        start(name);
    }

    /** Starts every enabled unit (a later boot); a unit that fails to start is logged. */
    void startEnabled() {
        List<String> units;
        synchronized (this) {
            units = List.copyOf(enabled);
        }
        for (String u : units) {
            try {
                start(u);
            } catch (Exception e) {
                console.line(u + ": failed to start: " + e.getMessage());
            }
        }
    }

    /**
     * Powers down gracefully: every unit stopped in parallel, each within its {@code TimeoutStopSec}
     * or {@code cap}, whichever is shorter.
     */
    void stopAll(Duration cap) throws InterruptedException {
        List<Thread> stopping = new ArrayList<>();
        for (UnitProcess p : powerDown()) {
            stopping.add(Thread.ofVirtual().name("sim-stop-" + p.name()).start(() -> {
                try {
                    p.stop(cap);
                } catch (InterruptedException e) {
                    p.kill();
                }
            }));
        }
        for (Thread t : stopping) {
            t.join();
        }
    }

    /** Powers down at once: every process killed (SIGKILL), no restarts. */
    void killAll() {
        powerDown().forEach(UnitProcess::kill);
    }

    /** Sends {@code signal} to every started unit's process tree. */
    synchronized void signalAll(String signal) {
        started.values().forEach(p -> p.signal(signal));
    }

    synchronized List<ProcessInfo> processes() {
        return started.values().stream().map(p -> new ProcessInfo(p.name(), p.pid(), p.starts())).toList();
    }

    private synchronized List<UnitProcess> powerDown() {
        poweredOn = false;
        List<UnitProcess> all = List.copyOf(started.values());
        started.clear();
        return all;
    }

    private ProcessBuilder launcher(SystemdUnit unit) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(baseEnv);
        env.putAll(unit.environment());
        for (String file : unit.environmentFiles()) {
            boolean optional = file.startsWith("-");
            Path p = fs.resolve(optional ? file.substring(1) : file);
            if (!Files.exists(p) && optional) {
                continue;
            }
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#") && !l.startsWith(";")) {
                    ShellWords.split(l).forEach(a -> SystemdUnit.assign(a, env));
                }
            }
        }
        List<String> command = new ArrayList<>();
        for (String word : unit.execStart()) {
            String w = SystemdUnit.expand(word, env);
            boolean isJava = command.isEmpty() && (w.equals("java") || w.endsWith("/java"));
            command.add(isJava ? java.toString() : fs.rewriteArgument(w));
        }
        Path workDir = unit.workingDirectory().isEmpty() ? fs.root() : fs.resolve(unit.workingDirectory());
        Files.createDirectories(workDir);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.file().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb;
    }

    private Path unitFile(String unit) throws IOException {
        for (String dir : UNIT_DIRS) {
            Path p = fs.resolve(dir + "/" + unit);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("Unit " + unit + " not found.");
    }

    private static String unitName(String name) {
        if (name.contains("/") || name.isBlank()) {
            throw new IllegalArgumentException("not a unit name: " + name);
        }
        return name.contains(".") ? name : name + ".service";
    }
}
