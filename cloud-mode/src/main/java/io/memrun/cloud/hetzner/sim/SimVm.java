package io.memrun.cloud.hetzner.sim;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The "virtual machine" behind one server: a directory standing for its disk
 * ({@code <root>/servers/<id>/fs}), a console log, and the local processes of its started systemd
 * units. Its first boot performs the user-data (see {@link CloudConfigBoot}); later boots start the
 * units enabled then, as a real VM's systemd would.
 *
 * <p>Each power-up is an epoch; a power-down ends it, so a boot still sleeping or downloading when
 * the server is switched off never starts a process.
 */
final class SimVm {
    private final ConsoleLog console;
    private final FsRoot fs;
    private final Units units;
    private final CloudConfigBoot cloudInit;
    private final String userData;
    private long epoch;
    private Thread bootThread;
    private boolean firstBootDone;
    private String bootFailure = "";

    SimVm(long serverId, String name, Path dir, String userData, Path java, HttpClient http) throws IOException {
        Path fsDir = Files.createDirectories(dir.resolve("fs"));
        this.fs = new FsRoot(fsDir);
        this.console = new ConsoleLog(dir.resolve("console.log"), name);
        this.userData = userData;
        Map<String, String> env = Map.of(
                "PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"),
                "LANG", "C.UTF-8",
                "HOME", fs.resolve("/root").toString(),
                "MEMRUN_SIM_SERVER_ID", Long.toString(serverId),
                "MEMRUN_SIM_SERVER_NAME", name,
                "MEMRUN_SIM_FS_ROOT", fs.root().toString());
        this.units = new Units(fs, console, java, env);
        this.cloudInit = new CloudConfigBoot(fs, console, new RunCommands(fs, console, new Curl(http, fs, console), units));
        console.line("server " + serverId + " (" + name + ") created");
    }

    FsRoot fs() {
        return fs;
    }

    Path consoleLog() {
        return console.file();
    }

    synchronized String bootFailure() {
        return bootFailure;
    }

    List<Units.ProcessInfo> processes() {
        return units.processes();
    }

    /**
     * Boots in the background: after {@code delay}, {@code reachedRunning} moves the server to
     * {@code running} (it answers false if the server was meanwhile deleted or switched off, and
     * the boot ends there), then the user-data runs (first boot) or the enabled units start.
     */
    synchronized void boot(Duration delay, BooleanSupplier reachedRunning) {
        long myEpoch = ++epoch;
        console.line("booting");
        bootThread = Thread.ofVirtual().name("sim-boot-" + fs.root().getParent().getFileName())
                .start(() -> runBoot(myEpoch, delay, reachedRunning));
    }

    /**
     * Powers down gracefully: each unit gets its {@code KillSignal} and {@code TimeoutStopSec}
     * (at most {@code cap}) before it is killed.
     */
    void shutdown(Duration cap) throws InterruptedException {
        endEpoch("shutting down");
        units.stopAll(cap);
        console.line("powered off");
    }

    /** Powers down at once (power cut, crash): every process is killed. */
    void kill(String why) {
        endEpoch(why);
        units.killAll();
        console.line("powered off (" + why + ")");
    }

    /** Sends {@code signal} ({@code STOP}, {@code CONT}) to every unit process. */
    void signal(String signal) {
        console.line("signal " + signal + " to every process");
        units.signalAll(signal);
    }

    private synchronized void endEpoch(String why) {
        epoch++;
        console.line(why);
        if (bootThread != null) {
            bootThread.interrupt();
            bootThread = null;
        }
    }

    private void runBoot(long myEpoch, Duration delay, BooleanSupplier reachedRunning) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            return;
        }
        if (!reachedRunning.getAsBoolean()) {
            return;
        }
        boolean first;
        synchronized (this) {
            if (epoch != myEpoch) {
                return;
            }
            units.powerOn();
            first = !firstBootDone;
            firstBootDone = true;
        }
        console.line("running");
        if (!first) {
            units.startEnabled();
            return;
        }
        try {
            cloudInit.run(userData);
        } catch (BootFailure e) {
            fail(myEpoch, e.getMessage());
        } catch (InterruptedException e) {
            console.line("boot interrupted (powered off)");
        } catch (RuntimeException e) {
            fail(myEpoch, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private synchronized void fail(long myEpoch, String reason) {
        if (epoch == myEpoch) {
            bootFailure = reason;
            console.line("boot failed: " + reason);
        }
    }
}
