package io.memrun.cli;

import io.memrun.dev.platform.BundledExample;
import io.memrun.runtime.service.ServiceArtifacts;
import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.lifecycle.Lifecycle;
import io.memrun.runtime.logs.LogShipper;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.wire.Heartbeat;
import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.runtime.worker.OrderListener;
import io.memrun.runtime.worker.Worker;
import io.memrun.runtime.worker.WorkerSettings;
import io.memrun.sdk.MemoryService;
import io.memrun.sdk.Sizes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import io.memrun.cloud.bootstrap.Enrollment;
import io.memrun.cloud.bootstrap.WorkerConfig;
import io.memrun.runtime.objectstore.ObjectStoreSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memrun worker}: one worker process, the role a cloud VM runs. */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run one worker of a service: join its consumer group and serve its partitions.")
final class WorkerCommand implements Callable<Integer> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WorkerCommand.class);

    @Option(names = "--service", description = "The service name (required without --enroll).")
    String serviceName;

    @Option(names = "--enroll", description = {"Cloud mode: the bootstrap file a server's user-data wrote. The worker",
            "exchanges its single-use token with the scheduler for everything else (kept in worker.json, mode 0600,",
            "in the working directory) and runs the slot it was created for."})
    Path enroll;

    @Option(names = "--artifact", description = "The service jar or classes directory. Omit for the bundled example.")
    Path artifact;

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers, host:port[,host:port] (required without --enroll).")
    String bootstrap;

    @Mixin
    ObjectStoreOptions store = new ObjectStoreOptions();

    @Option(names = "--cache-dir", description = "Cache directory. Default: the service's cacheDir.")
    Path cacheDir;

    @Option(names = "--worker-id", description = "Stable worker identity (static group membership). Default: <service>-<host>.")
    String workerId;

    @Option(names = "--drain-timeout", defaultValue = "PT20S", description = "How long SIGTERM waits for in-flight requests (ISO-8601). Default: ${DEFAULT-VALUE}")
    Duration drainTimeout;

    @Option(names = "--heartbeat", defaultValue = "PT10S", description = "Heartbeat interval (ISO-8601). Default: ${DEFAULT-VALUE}")
    Duration heartbeat;

    @Option(names = "--max-body", defaultValue = "1Mi", description = "Largest request body, as the gateway's. Default: ${DEFAULT-VALUE}")
    String maxBody;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (enroll != null) {
            return enrolled();
        }
        if (serviceName == null || bootstrap == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give --service and --bootstrap (or --enroll FILE on a cloud server)");
        }
        MemoryService svc = resolveService();
        String id = workerId != null ? workerId : svc.name() + "-" + java.net.InetAddress.getLocalHost().getHostName();
        Path dir = cacheDir != null ? cacheDir : svc.cache().cacheDirFor(svc.name());
        long body = Sizes.parse(maxBody);
        if (body > GatewaySettings.DEFAULT_MAX_BODY * 64L) {
            throw new IllegalArgumentException("--max-body is too large");
        }
        WorkerSettings settings = new WorkerSettings(id, KafkaSettings.forBodyLimit(bootstrap, (int) body), dir,
                Math.min(svc.diskBytes(), svc.cache().maxSizeBytes()), drainTimeout, heartbeat, 0);
        return serve(settings, svc, store.settings(), ": serving " + svc.name() + " from " + bootstrap + ", cache " + dir,
                false, false);
    }

    /**
     * Runs the worker until SIGTERM or SIGINT, then drains; {@code serving} completes its start-up
     * line. A {@code cloud} worker also takes handoff orders from the scheduler, and with
     * {@code standby} starts without joining the group (a successor in a rolling deploy: it warms
     * up, then joins when ordered).
     */
    private int serve(WorkerSettings settings, MemoryService svc, ObjectStoreSettings objects, String serving,
                      boolean cloud, boolean standby) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermination(stop::countDown);
        ObjectStore store = ObjectStore.create(objects);
        Lifecycle running = new Lifecycle();
        try (running) {
            Worker worker = running.open(() -> standby ? Worker.startStandby(settings, svc, store) : Worker.start(settings, svc, store));
            if (cloud) {
                ObjectStore hotSets = running.open(() -> ObjectStore.create(objects));
                running.open(() -> OrderListener.start(worker, settings.host(), settings.kafka(), hotSets,
                        settings.cacheDir().resolveSibling("handoff")));
            }
            LOG.info("worker {}{}{}", worker.id(), serving, standby ? " (standby until its predecessor hands off)" : "");
            out.println("memrun worker " + worker.id() + serving + (standby ? " (standby until its predecessor hands off)" : ""));
            out.flush();
            stop.await();
            out.println("memrun worker " + worker.id() + ": " + (worker.phase().equals(Heartbeat.HANDED_OFF)
                    ? "handed off; stopping" : "draining"));
            out.flush();
        }
        return 0;
    }

    /** A cloud server's worker: its configuration comes from the scheduler. */
    private int enrolled() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        java.nio.file.Path workDir = java.nio.file.Path.of("").toAbsolutePath();
        WorkerConfig config = Enrollment.obtain(enroll, workDir);
        out.println("memrun worker: enrolled as " + config);
        out.flush();
        KafkaSettings kafka = KafkaSettings.forBodyLimit(config.kafkaBootstrap(), config.maxBodyBytes())
                .withClientProperties(config.kafkaProperties());
        // From here on the process's log lines also go to the scheduler (memrun cloud logs).
        try (LogShipper shipper = LogShipper.start(config.service(), "s" + config.slot(), config.serverName(), kafka)) {
            ShippingAppender appender = ShippingAppender.attach(shipper);
            try {
                return enrolled(config, kafka, workDir);
            } finally {
                appender.detach();
            }
        }
    }

    private int enrolled(WorkerConfig config, KafkaSettings kafka, java.nio.file.Path workDir) throws Exception {
        java.nio.file.Path dir = workDir.resolve("cache").resolve(config.service());
        Duration interval = Duration.ofMillis(config.heartbeatMs());
        MemoryService svc;
        try {
            java.util.Optional<java.nio.file.Path> artifactPath = Enrollment.fetchArtifact(config, workDir);
            List<MemoryService> services = artifactPath.isPresent()
                    ? ServiceArtifacts.load(artifactPath.get(), workDir.resolve("build-" + config.artifactSha256()))
                    : BundledExample.find().map(e -> List.of(e.service())).orElse(List.of());
            svc = services.stream().filter(s -> s.name().equals(config.service())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the artifact does not deploy " + config.service()));
        } catch (Exception | LinkageError e) {
            // Say so to the scheduler at once (it reverts a rollout of this revision), then fail.
            LOG.error("the service does not load: {}", e.toString(), e);
            Worker.reportStartFailure(new WorkerSettings(config.workerId(), kafka, dir, 1, drainTimeout, interval,
                    config.revision(), config.serverName()), config.service(), "the service does not load: " + e);
            throw e;
        }
        WorkerSettings settings = new WorkerSettings(config.workerId(), kafka, dir,
                Math.min(svc.diskBytes(), svc.cache().maxSizeBytes()), drainTimeout, interval,
                config.revision(), config.serverName());
        ObjectStoreSettings objects = new ObjectStoreSettings(java.net.URI.create(config.s3Endpoint()), config.s3AccessKey(),
                config.s3SecretKey(), config.s3Region());
        return serve(settings, svc, objects, " on " + config.serverName() + ": serving " + svc.name() + " revision "
                + config.revision(), true, config.standby());
    }

    private MemoryService resolveService() throws Exception {
        List<MemoryService> services;
        if (artifact == null) {
            services = BundledExample.find().map(e -> List.of(e.service())).orElse(List.of());
        } else {
            services = ServiceArtifacts.load(artifact, java.nio.file.Files.createTempDirectory("memrun-service-"));
        }
        return services.stream().filter(s -> s.name().equals(serviceName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("service '" + serviceName + "' is not in "
                        + (artifact == null ? "the bundled examples" : artifact.toString())));
    }
}
