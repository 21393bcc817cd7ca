package io.memrun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memrun.runtime.json.Json;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memrun cloud deploy}: uploads a service and waits until its workers serve. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploy a service: the bundled example without ARTIFACT; a jar, classes directory or sources as",
                "memrun dev takes. Shows progress while servers boot; exits non-zero with the reason if the",
                "service does not come up."})
final class CloudDeployCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "ARTIFACT", description = "A jar, a classes directory with a manifest, or Java sources.")
    Path artifact;

    @Option(names = "--workers", defaultValue = "1", description = "Workers (servers). Default: ${DEFAULT-VALUE}")
    int workers;

    @Option(names = "--service", description = "Which service, when the artifact deploys several.")
    String service;

    @Mixin
    WaitOptions wait = new WaitOptions();

    @Option(names = "--wait", description = "Wait until every slot runs the new revision, or it was reverted (the default).")
    boolean waitFlag;

    @Option(names = "--canary", description = "Replace one slot, then pause: `memrun cloud promote SERVICE` continues,"
            + " `memrun cloud rollback SERVICE` takes it back.")
    boolean canary;

    @Option(names = "--no-warm-handoff", description = "Successors take over cold, without fetching their predecessor's"
            + " hot set first (to compare; the default warms them).")
    boolean noWarmHandoff;

    @Mixin
    SchedulerClient client = new SchedulerClient();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode req = Json.mapper().createObjectNode().put("workers", workers).put("canary", canary);
        if (noWarmHandoff) {
            req.put("warm_handoff", false);
        }
        if (service != null) {
            req.put("service", service);
        }
        if (artifact == null) {
            req.put("kind", "bundled");
        } else {
            if (!Files.exists(artifact)) {
                throw new IllegalArgumentException(artifact + " does not exist");
            }
            Path upload = artifact;
            String kind = "jar";
            if (Files.isDirectory(artifact)) {
                upload = zip(artifact);
                kind = "zip";
            } else if (!artifact.toString().endsWith(".jar")) {
                throw new IllegalArgumentException(artifact + " is neither a jar nor a directory");
            }
            out.println("uploading " + artifact + " (" + io.memrun.sdk.Sizes.format(Files.size(upload)) + ")");
            out.flush();
            JsonNode up = client.upload("/v1/cloud/artifacts?kind=" + kind, upload);
            req.put("kind", kind).put("artifact_sha256", up.get("sha256").asText());
        }
        long t0 = System.nanoTime();
        JsonNode d = client.post("/v1/cloud/deploy", req);
        String name = d.get("service").asText();
        out.printf("deploying %s revision %d: %d worker(s) on %s (%s EUR/h each), %d partitions%n", name,
                d.get("revision").asInt(), d.get("workers").asInt(), d.get("serverType").asText(),
                d.get("hourlyPricePerWorker").asText(), d.get("partitions").asInt());
        out.flush();
        return wait.await(client, out, name, d.get("revision").asInt(), d.get("workers").asInt(), t0) ? 0 : 1;
    }

    /** Zips a classes or sources directory for upload. */
    private static Path zip(Path dir) throws Exception {
        Path zip = Files.createTempFile("memrun-artifact", ".zip");
        zip.toFile().deleteOnExit();
        try (OutputStream fileOut = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(fileOut);
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                if (rel.startsWith("target/") || rel.startsWith(".git/")) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(rel));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return zip;
    }
}
