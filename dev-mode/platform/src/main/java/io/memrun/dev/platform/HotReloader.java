package io.memrun.dev.platform;

import io.memrun.runtime.service.ServiceSources;

import io.memrun.runtime.service.ServiceArtifacts;

import io.memrun.runtime.registry.ServiceRecord;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.sdk.MemoryService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches a service's sources (or jar) and reloads the handler on the running workers when they
 * change: recompile, load in a fresh class loader, check routing did not change, swap. The broker,
 * the store and the workers' disk caches keep running. A compile error is printed and the previous
 * version keeps serving.
 */
public final class HotReloader implements AutoCloseable {
    /** Edits arriving within this window are one reload (editors write several times). */
    private static final long QUIET_MS = 150;

    private final Path source;
    private final Path buildRoot;
    private final LocalPlatform platform;
    private final ServiceRegistry registry;
    private final PrintWriter out;
    private final WatchService watcher;
    private final Thread thread;
    private int generation;

    private HotReloader(Path source, Path buildRoot, LocalPlatform platform, ServiceRegistry registry, PrintWriter out)
            throws IOException {
        this.source = source;
        this.buildRoot = buildRoot;
        this.platform = platform;
        this.registry = registry;
        this.out = out;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.thread = Thread.ofPlatform().daemon().name("memrun-hot-reload").unstarted(this::run);
    }

    /** Starts watching {@code source}. */
    public static HotReloader start(Path source, Path buildRoot, LocalPlatform platform, ServiceRegistry registry,
                                    PrintWriter out) throws IOException {
        HotReloader r = new HotReloader(source, buildRoot, platform, registry, out);
        r.registerAll();
        r.thread.start();
        return r;
    }

    private void registerAll() throws IOException {
        Path dir = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
        try (Stream<Path> dirs = Files.walk(dir)) {
            for (Path d : dirs.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().equals("target")).toList()) {
                d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                drainQuietly(key);
                // Wait until the edits stop, so one save is one reload.
                WatchKey more;
                while ((more = watcher.poll(QUIET_MS, TimeUnit.MILLISECONDS)) != null) {
                    drainQuietly(more);
                }
                reload();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopping
        }
    }

    private void drainQuietly(WatchKey key) {
        boolean newDir = key.pollEvents().stream().anyMatch(e -> e.kind() == StandardWatchEventKinds.ENTRY_CREATE);
        key.reset();
        if (newDir) {
            try {
                registerAll();
            } catch (IOException e) {
                out.println("memrun dev: cannot watch new directories: " + e.getMessage());
            }
        }
    }

    /** Recompiles and swaps the handler; reports the outcome in one line (or the compiler's errors). */
    void reload() {
        long t0 = System.nanoTime();
        try {
            Path build = buildRoot.resolve("gen-" + (++generation));
            List<MemoryService> services = ServiceArtifacts.load(source, build);
            MemoryService current = services.stream()
                    .filter(s -> s.name().equals(platform.service().name())).findFirst().orElse(services.get(0));
            ServiceRecord rec = platform.reload(current, registry);
            out.printf(Locale.ROOT, "memrun dev: reloaded %s in %d ms (revision %d); caches stay warm%n",
                    rec.name(), (System.nanoTime() - t0) / 1_000_000, rec.revision());
            deleteOldBuilds();
        } catch (ServiceSources.CompileException e) {
            out.println("memrun dev: " + e.getMessage() + "\nmemrun dev: the previous version keeps serving");
        } catch (Exception e) {
            out.println("memrun dev: reload failed, the previous version keeps serving: " + e.getMessage());
        }
        out.flush();
    }

    private void deleteOldBuilds() {
        // Keep the current and the previous generation: requests still running may load classes from it.
        Path old = buildRoot.resolve("gen-" + (generation - 2));
        if (Files.exists(old)) {
            try (Stream<Path> s = Files.walk(old)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException ignored) {
                // a leftover build directory is harmless
            }
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
