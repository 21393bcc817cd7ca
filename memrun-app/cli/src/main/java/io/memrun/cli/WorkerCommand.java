package io.memrun.cli;

import io.memrun.dev.platform.BundledExample;
import io.memrun.runtime.service.ServiceArtifacts;
import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.wire.KafkaSettings;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memrun worker}: one worker process, the role a cloud VM runs. */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run one worker of a service: join its consumer group and serve its partitions.")
final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--service", required = true, description = "The service name.")
    String serviceName;

    @Option(names = "--artifact", description = "The service jar or classes directory. Omit for the bundled example.")
    Path artifact;

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, host:port[,host:port].")
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
        PrintWriter out = spec.commandLine().getOut();
        MemoryService svc = resolveService();
        String id = workerId != null ? workerId : svc.name() + "-" + java.net.InetAddress.getLocalHost().getHostName();
        Path dir = cacheDir != null ? cacheDir : svc.cache().cacheDirFor(svc.name());
        long body = Sizes.parse(maxBody);
        if (body > GatewaySettings.DEFAULT_MAX_BODY * 64L) {
            throw new IllegalArgumentException("--max-body is too large");
        }
        WorkerSettings settings = new WorkerSettings(id, KafkaSettings.forBodyLimit(bootstrap, (int) body), dir,
                Math.min(svc.diskBytes(), svc.cache().maxSizeBytes()), drainTimeout, heartbeat, 0);
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermination(stop::countDown);
        try (Worker worker = Worker.start(settings, svc, ObjectStore.create(store.settings()))) {
            out.println("memrun worker " + worker.id() + ": serving " + svc.name() + " from " + bootstrap + ", cache " + dir);
            out.flush();
            stop.await();
            out.println("memrun worker " + worker.id() + ": draining");
            out.flush();
        }
        return 0;
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
