package io.memrun.cli;

import io.memrun.cloud.hetzner.sim.HetznerSim;
import io.memrun.cloud.hetzner.sim.SimSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memrun cloud sim}: only the Hetzner-compatible API, whose servers are local processes. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Run a Hetzner-Cloud-API-compatible server whose servers boot their cloud-config as local",
                "processes. Point any Hetzner client at it: HCLOUD_ENDPOINT=http://127.0.0.1:PORT/v1."})
final class CloudSimCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8088", description = "Port. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--data-dir", defaultValue = ".memrun-cloud/sim", description = "The servers' file systems and consoles. Default: ${DEFAULT-VALUE}")
    Path dir;

    @Option(names = "--boot-delay", defaultValue = "PT1S", description = "How long a server takes to boot (ISO-8601). Default: ${DEFAULT-VALUE}")
    Duration bootDelay;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String token = System.getenv().getOrDefault("HCLOUD_TOKEN", SimSettings.DEFAULT_TOKEN);
        SimSettings settings = SimSettings.defaults(dir.toAbsolutePath()).withPort(port).withTokens(Set.of(token))
                .withBootDelay(bootDelay);
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermination(stop::countDown);
        try (HetznerSim sim = HetznerSim.start(settings)) {
            out.println("memrun cloud sim: Hetzner-compatible API at " + sim.endpoint());
            out.println("  export HCLOUD_ENDPOINT=" + sim.endpoint()
                    + (System.getenv("HCLOUD_TOKEN") == null ? " HCLOUD_TOKEN=" + SimSettings.DEFAULT_TOKEN : ""));
            out.println("  fault hooks at " + sim.hooks() + "; servers under " + dir.toAbsolutePath());
            out.flush();
            stop.await();
            out.println("memrun cloud sim: stopping its servers");
            out.flush();
        }
        return 0;
    }
}
