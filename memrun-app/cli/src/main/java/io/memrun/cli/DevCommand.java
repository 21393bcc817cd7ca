package io.memrun.cli;

import io.memrun.dev.platform.BundledExample;
import io.memrun.dev.platform.DevSettings;
import io.memrun.dev.platform.DevStack;
import io.memrun.dev.platform.HotReloader;
import io.memrun.runtime.service.ServiceArtifacts;
import io.memrun.dev.platform.NetworkProfile;
import io.memrun.runtime.objectstore.ObjectStoreSettings;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.text.Durations;
import io.memrun.sdk.MemoryService;
import io.memrun.sdk.Sizes;
import io.memrun.shell.MemrunShell;
import io.memrun.shell.ShellSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memrun dev}: the whole stack locally, in one JVM. */
@Command(name = "dev", mixinStandardHelpOptions = true, description = {
        "Run the whole memrun stack locally: embedded Kafka broker, embedded S3 store, gateway and workers.",
        "With no SERVICE it runs the bundled analytics example and seeds a sample dataset."})
final class DevCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "The service: a jar, a classes directory whose manifest names its Main-Class, or Java sources (a directory or one .java file) compiled on start.")
    Path service;

    @Option(names = "--workers", defaultValue = "2", description = "Local workers. Default: ${DEFAULT-VALUE}")
    int workers;

    @Option(names = "--data-dir", defaultValue = ".memrun", description = "Where data lives between runs. Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--http-port", defaultValue = "8080", description = "Gateway port. Default: ${DEFAULT-VALUE}")
    int httpPort;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Embedded broker port. Default: ${DEFAULT-VALUE}")
    int kafkaPort;

    @Option(names = "--s3-port", defaultValue = "9000", description = "Embedded object store port. Default: ${DEFAULT-VALUE}")
    int s3Port;

    @Mixin
    ObjectStoreOptions store = new ObjectStoreOptions();

    @Option(names = "--max-body", defaultValue = "1Mi", description = "Largest request body. Default: ${DEFAULT-VALUE}")
    String maxBody;

    @Option(names = "--worker-disk", description = "Each local worker's cache budget (its simulated NVMe), e.g. 2Gi. Default: the service's disk.")
    String workerDisk;

    @Option(names = "--s3-latency", defaultValue = "0ms", description = "Simulated latency per object store request, e.g. 80ms. Default: ${DEFAULT-VALUE}")
    String s3Latency;

    @Option(names = "--s3-bandwidth", description = "Simulated object store bandwidth per worker, e.g. 100MB/s or 1Gbit/s. Default: unlimited")
    String s3Bandwidth;

    @Option(names = "--no-shell", description = "Run headless until SIGTERM, without the interactive shell.")
    boolean noShell;

    @Option(names = "--exit-when-ready", hidden = true, description = "Stop as soon as the stack is healthy: a start-up"
            + " rehearsal, with which ./memrun build records the JVM's ahead-of-time cache.")
    boolean exitWhenReady;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        long bodyLimit = Sizes.parse(maxBody);
        if (bodyLimit > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--max-body is too large");
        }
        // With --s3-endpoint, use that store instead of starting the embedded one.
        Optional<ObjectStoreSettings> external = store.present() ? Optional.of(store.settings()) : Optional.empty();
        NetworkProfile network = new NetworkProfile(latency(),
                s3Bandwidth == null ? Long.MAX_VALUE : NetworkProfile.parseBandwidth(s3Bandwidth));
        DevSettings settings = new DevSettings(dataDir.toAbsolutePath(), workers, httpPort, kafkaPort, s3Port,
                (int) bodyLimit, external,
                workerDisk == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(Sizes.parse(workerDisk)),
                network);

        MemoryService svc;
        Optional<BundledExample> example = Optional.empty();
        if (service == null) {
            example = BundledExample.find();
            svc = example.orElseThrow(() -> new IllegalStateException(
                    "this build has no bundled example; give a service: memrun dev <jar or classes dir>")).service();
        } else {
            List<MemoryService> services = ServiceArtifacts.load(service, buildRoot().resolve("gen-0"));
            if (services.size() > 1) {
                out.println("note: " + service + " deploys " + services.size() + " services; running the first, " + services.get(0).name());
            }
            svc = services.get(0);
        }
        Optional<BundledExample> seedFrom = example;
        DevStack.Seeder seeder = store -> {
            if (seedFrom.isPresent()) {
                ObjectUri uri = ObjectUri.parse(BundledExample.SAMPLE_URI);
                store.ensureBucket(uri.bucket());
                store.upload(uri, seedFrom.get().sampleCsv());
            }
        };

        out.println("memrun dev: starting " + svc.name() + " with " + workers + " worker" + (workers == 1 ? "" : "s")
                + " (data in " + settings.dataDir() + ")");
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermination(stop::countDown);
        try (DevStack stack = DevStack.start(settings, svc, seeder)) {
            double secs = (System.nanoTime() - t0) / 1e9;
            printBanner(out, stack, svc, example, secs, settings);
            if (exitWhenReady) {
                out.println("memrun dev: ready; stopping (--exit-when-ready)");
                out.flush();
                return 0;
            }
            HotReloader reloader = service == null ? null
                    : HotReloader.start(service.toAbsolutePath(), buildRoot(), stack.platform(), stack.registry(), out);
            if (reloader != null) {
                out.println("watching " + service + ": edits reload the handler; caches stay warm");
            }
            out.flush();
            if (!noShell && MemrunShell.stdinIsTerminal()) {
                startShell(stack, out, stop);
            } else {
                out.println("running headless; Ctrl-C or SIGTERM stops. In another terminal: ./memrun shell --url http://127.0.0.1:"
                        + stack.httpPort());
                out.flush();
            }
            stop.await();
            if (reloader != null) {
                reloader.close();
            }
            out.println("memrun dev: stopping");
            out.flush();
        }
        return 0;
    }

    private java.time.Duration latency() {
        try {
            return Durations.parse(s3Latency);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--s3-latency " + e.getMessage());
        }
    }

    /** The shell runs beside the stack; leaving it (exit, Ctrl-D) stops memrun dev. */
    private void startShell(DevStack stack, PrintWriter out, CountDownLatch stop) {
        ShellSettings shell = ShellSettings.of(URI.create("http://127.0.0.1:" + stack.httpPort()))
                .withObjectStore(stack.objectStoreSettings().endpoint())
                .withRegion(stack.objectStoreSettings().region())
                .withCredentials(stack.objectStoreSettings().accessKey(), stack.objectStoreSettings().secretKey());
        Thread.ofPlatform().daemon().name("memrun-shell").start(() -> {
            try {
                MemrunShell.run(shell, out);
            } catch (Exception e) {
                out.println("memrun dev: the shell stopped: " + e.getMessage());
            } finally {
                stop.countDown();
            }
        });
    }

    private Path buildRoot() {
        return dataDir.toAbsolutePath().resolve("build").resolve("service");
    }

    private static void printBanner(PrintWriter out, DevStack stack, MemoryService svc, Optional<BundledExample> example,
                                    double secs, DevSettings settings) {
        String base = "http://127.0.0.1:" + stack.httpPort();
        out.printf("memrun dev: ready in %.1f s%n", secs);
        out.printf("  gateway       %s   (GET /health, GET /v1/services, POST /v1/services/{name}/invoke)%n", base);
        out.printf("  kafka         %s   (topic %s, %d partitions)%n", stack.bootstrapServers(),
                io.memrun.runtime.wire.Topics.requests(svc.name()), stack.service().partitions());
        out.printf("  object store  %s   (access key %s)%n", stack.objectStoreSettings().endpoint(), stack.objectStoreSettings().accessKey());
        out.printf("  workers       %d x %s, sticky key %s, caches under %s%n", stack.workers().size(), svc.name(),
                svc.stickyKey(), settings.dataDir().resolve("workers"));
        if (!settings.network().isLocal()) {
            out.printf("  simulated S3  %s per worker (the state tax, as across a real network)%n", settings.network());
        }
        example.ifPresent(ex -> {
            out.println();
            out.println("Query the sample dataset (" + BundledExample.SAMPLE_URI + "):");
            out.println("  curl -si " + base + "/v1/services/" + svc.name() + "/invoke -H 'Content-Type: application/json' \\");
            out.println("       -d '" + ex.sampleRequest() + "'");
        });
    }
}
