package io.memrun.cli;

import io.memrun.cloud.hetzner.HetznerSettings;
import io.memrun.cloud.hetzner.sim.HetznerSim;
import io.memrun.cloud.hetzner.sim.SimSettings;
import io.memrun.cloud.scheduler.Scheduler;
import io.memrun.cloud.scheduler.RolloutSettings;
import io.memrun.cloud.scheduler.SchedulerSettings;
import io.memrun.cloud.scheduler.WorkerJar;
import io.memrun.dev.EmbeddedKafkaBroker;
import io.memrun.dev.EmbeddedObjectStore;
import io.memrun.dev.platform.BundledExample;
import io.memrun.runtime.lifecycle.Lifecycle;
import io.memrun.runtime.objectstore.ObjectStoreSettings;
import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.sdk.MemoryService;
import io.memrun.sdk.Sizes;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memrun cloud up}: the scheduler. With {@code --local}, also an embedded broker, an
 * embedded store and the Hetzner-compatible API in this process: a rehearsal on one machine.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run the scheduler: gateway and control plane, the reconcile loop that provisions Hetzner servers,",
                "your Kafka topics. --local rehearses on this machine: embedded broker and store, and a",
                "Hetzner-compatible API whose servers are local `memrun worker` processes.",
                "Against Hetzner: HCLOUD_TOKEN=... memrun cloud up --kafka-bootstrap b1:9092 --s3-endpoint URL --bucket B",
                "  --advertise-url http://<this host's address>:8080"})
final class CloudUpCommand implements Callable<Integer> {
    @Option(names = "--local", description = "Rehearse on this machine (no Hetzner account, no Kafka, no S3 needed).")
    boolean local;

    @Option(names = "--kafka-bootstrap", description = "Your Kafka cluster, host:port[,host:port].")
    String kafkaBootstrap;

    @Option(names = "--kafka-properties", description = "A Kafka client-properties file (TLS, SASL) for every client; handed to the workers.")
    Path kafkaProperties;

    @Mixin
    ObjectStoreOptions store = new ObjectStoreOptions();

    @Option(names = "--bucket", defaultValue = "memrun-artifacts", description = "Bucket for artifacts and the memrun jar. Default: ${DEFAULT-VALUE}")
    String bucket;

    @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "Bind address; workers on other machines need 0.0.0.0 (and TLS in front). Default: ${DEFAULT-VALUE}")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "8080", description = "Gateway and API port. Default: ${DEFAULT-VALUE}")
    int httpPort;

    @Option(names = "--advertise-url", description = "Where worker servers reach this scheduler. Default: http://127.0.0.1:<port> (only right for --local)")
    URI advertiseUrl;

    @Option(names = "--data-dir", defaultValue = ".memrun-cloud", description = "State, admin token, artifacts. Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--cluster", defaultValue = "memrun", description = "Names and labels this cluster's servers. Default: ${DEFAULT-VALUE}")
    String cluster;

    @Option(names = "--location", defaultValue = "fsn1", description = "Hetzner location. Default: ${DEFAULT-VALUE}")
    String location;

    @Option(names = "--image", defaultValue = "ubuntu-24.04", description = "Server image; it must offer openjdk-21-jre-headless. Default: ${DEFAULT-VALUE}")
    String image;

    @Option(names = "--heartbeat", description = "Workers' heartbeat interval (ISO-8601). Default: PT10S, PT2S with --local")
    Duration heartbeat;

    @Option(names = "--boot-deadline", description = "How long a new server may take to heartbeat. Default: PT10M, PT2M with --local")
    Duration bootDeadline;

    @Option(names = "--warm-deadline", defaultValue = "PT5M", description = "Rolling deploys: how long a successor may warm up before it takes over anyway. Default: ${DEFAULT-VALUE}")
    Duration warmDeadline;

    @Option(names = "--warm-bandwidth", defaultValue = "100MB/s", description = "Rolling deploys: the most a warming successor fetches per second, e.g. 100MB/s, 1Gbit/s, 0 for no limit. Default: ${DEFAULT-VALUE}")
    String warmBandwidth;

    @Option(names = "--verify-for", defaultValue = "PT10S", description = "Rolling deploys: how long a successor must serve with few errors before its predecessor is deleted. Default: ${DEFAULT-VALUE}")
    Duration verifyFor;

    @Option(names = "--max-error-rate", defaultValue = "0.1", description = "Rolling deploys: the share of 5xx replies above which a new revision is reverted. Default: ${DEFAULT-VALUE}")
    double maxErrorRate;

    @Option(names = "--no-warm-handoff", description = "Rolling deploys: successors take over cold unless a deploy asks otherwise (for comparisons).")
    boolean noWarmHandoff;

    @Option(names = "--reconcile-interval", defaultValue = "PT2S", description = "How often the scheduler observes and acts when nothing wakes it (ISO-8601). Default: ${DEFAULT-VALUE}")
    Duration reconcileInterval;

    @Option(names = "--max-body", defaultValue = "1Mi", description = "Largest request body. Default: ${DEFAULT-VALUE}")
    String maxBody;

    @Option(names = "--worker-jar", description = "The jar the servers run. Default: the memrun jar this scheduler runs from")
    Path workerJar;

    @Option(names = "--kafka-port", defaultValue = "9192", description = "With --local: the embedded broker's port. Default: ${DEFAULT-VALUE}")
    int kafkaPort;

    @Option(names = "--s3-port", defaultValue = "9100", description = "With --local: the embedded store's port. Default: ${DEFAULT-VALUE}")
    int s3Port;

    @Option(names = "--sim-port", defaultValue = "8088", description = "With --local: the Hetzner-compatible API's port. Default: ${DEFAULT-VALUE}")
    int simPort;

    @Option(names = "--sim-boot-delay", defaultValue = "PT1S", description = "With --local: how long a simulated server takes to boot. Default: ${DEFAULT-VALUE}")
    Duration simBootDelay;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        Path data = dataDir.toAbsolutePath();
        Files.createDirectories(data);
        long body = Sizes.parse(maxBody);
        if (body < 1024 || body > 64L << 20) {
            throw new IllegalArgumentException("--max-body must be between 1Ki and 64Mi");
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermination(stop::countDown);
        Lifecycle lifecycle = new Lifecycle();
        try {
            KafkaSettings kafka;
            ObjectStoreSettings objects;
            HetznerSettings hetzner;
            if (local) {
                if (kafkaBootstrap != null || store.present()) {
                    throw new IllegalArgumentException("--local runs its own broker and store: drop --kafka-bootstrap and --s3-endpoint");
                }
                EmbeddedKafkaBroker broker = lifecycle.open(() -> EmbeddedKafkaBroker.start(data.resolve("kafka"), kafkaPort));
                EmbeddedObjectStore s3 = lifecycle.open(() -> EmbeddedObjectStore.start(data.resolve("s3"), s3Port));
                HetznerSim sim = lifecycle.open(() -> HetznerSim.start(SimSettings.defaults(data.resolve("sim"))
                        .withPort(simPort).withBootDelay(simBootDelay)));
                kafka = KafkaSettings.forBodyLimit(broker.bootstrapServers(), (int) body);
                objects = new ObjectStoreSettings(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.region());
                seedSample(objects);
                hetzner = HetznerSettings.fromEnvironment(Map.of("HCLOUD_TOKEN", SimSettings.DEFAULT_TOKEN,
                        "HCLOUD_ENDPOINT", sim.endpoint().toString()));
            } else {
                if (kafkaBootstrap == null) {
                    throw new IllegalArgumentException("give --kafka-bootstrap (your cluster), or --local to rehearse");
                }
                kafka = KafkaSettings.forBodyLimit(kafkaBootstrap, (int) body).withClientProperties(clientProperties());
                objects = store.settings();
                hetzner = HetznerSettings.fromEnvironment(System.getenv());
                if (workerJar == null && !WorkerJar.shippable(Main.class)) {
                    throw new IllegalStateException("run the scheduler from memrun.jar (./memrun build): its servers download"
                            + " the jar the scheduler runs from");
                }
            }
            Duration hb = heartbeat != null ? heartbeat : local ? Duration.ofSeconds(2) : Duration.ofSeconds(10);
            Duration boot = bootDeadline != null ? bootDeadline : local ? Duration.ofMinutes(2) : SchedulerSettings.DEFAULT_BOOT_DEADLINE;
            Path jar = workerJar != null ? workerJar.toAbsolutePath() : WorkerJar.resolve(Main.class, data.resolve("jar"));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("--worker-jar " + jar + " is not a file");
            }
            SchedulerSettings settings = new SchedulerSettings(data, httpHost, httpPort, Optional.ofNullable(advertiseUrl),
                    cluster, kafka, objects, bucket, hetzner, location, image, jar, hb, boot, reconcileInterval, (int) body,
                    new RolloutSettings(warmDeadline, warmBytesPerSecond(), verifyFor, maxErrorRate, 20, !noWarmHandoff));
            Optional<String> adminToken = Optional.ofNullable(System.getenv("MEMRUN_ADMIN_TOKEN")).filter(s -> !s.isBlank());
            Scheduler scheduler = lifecycle.open(() -> Scheduler.start(settings, adminToken, CloudUpCommand::bundled));
            out.printf("memrun cloud up: scheduler ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            out.println("  scheduler     http://" + httpHost + ":" + scheduler.port() + "   (workers reach it at " + scheduler.url() + ")");
            out.println("  admin token   " + scheduler.adminTokenFile().map(p -> p + " (mode 0600)").orElse("from MEMRUN_ADMIN_TOKEN"));
            out.println("  hetzner API   " + hetzner.endpoint() + (local ? "   (local: servers are `memrun worker` processes)" : ""));
            out.println("  kafka         " + kafka.bootstrapServers());
            out.println("  object store  " + objects.endpoint() + "   (bucket " + bucket + ")");
            out.println("next: memrun cloud deploy --workers 2   (the bundled example; or give a jar, classes dir or sources)");
            out.flush();
            stop.await();
            out.println(local ? "memrun cloud up: stopping; the simulated servers stop with it"
                    : "memrun cloud up: stopping; servers keep running (`memrun cloud destroy --all` removes them)");
            out.flush();
        } finally {
            lifecycle.close();
        }
        return 0;
    }

    private Map<String, String> clientProperties() throws Exception {
        if (kafkaProperties == null) {
            return Map.of();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(kafkaProperties)) {
            p.load(in);
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** The bundled example's sample dataset, so the rehearsal's first request has data. */
    private static void seedSample(ObjectStoreSettings settings) throws Exception {
        Optional<BundledExample> example = BundledExample.find();
        if (example.isEmpty()) {
            return;
        }
        try (io.memrun.runtime.objectstore.ObjectStore s3 = io.memrun.runtime.objectstore.ObjectStore.create(settings)) {
            io.memrun.runtime.objectstore.ObjectUri uri = io.memrun.runtime.objectstore.ObjectUri.parse(BundledExample.SAMPLE_URI);
            s3.ensureBucket(uri.bucket());
            s3.upload(uri, example.get().sampleCsv());
        }
    }

    private static List<MemoryService> bundled() {
        return BundledExample.find().map(e -> List.of(e.service())).orElse(List.of());
    }

    private long warmBytesPerSecond() {
        if (warmBandwidth.equals("0")) {
            return 0;
        }
        return io.memrun.dev.platform.NetworkProfile.parseBandwidth(warmBandwidth);
    }
}
