package io.memrun.dev.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memrun.examples.analytics.AnalyticsService;
import io.memrun.examples.analytics.SampleData;
import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.service.ServiceArtifacts;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.sdk.MemoryService;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * A service runs its own classes, not the platform's: a copy of the bundled example whose classes
 * share their names with the bundled ones, and a jar that brings its own Guava and Jackson.
 */
class ServiceIsolationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The example's sources, from this module's folder (dev-mode/platform). */
    private static final Path EXAMPLE_SOURCES = Path.of("../../examples/analytics/src/main/java");
    /** Copied here by maven-dependency-plugin (this module's pom). */
    private static final Path SERVICE_LIBS = Path.of("target/service-libs");

    @Test
    void copiedExample_sameClassNamesAsBundled_runsItsOwnClassesAndEditsGoLive() throws Exception {
        assertEquals("analytics-engine", AnalyticsService.SERVICE_NAME, "the bundled example is on this class path");
        SharedInfra infra = SharedInfra.get();
        String uri = "s3://datasets/isolation-sales.csv"; // the copied example reads its default bucket
        try (ObjectStore s3 = infra.objectStore()) {
            s3.ensureBucket("datasets");
            s3.upload(ObjectUri.parse(uri), SampleData.sampleCsv());
        }
        Path copy = infra.newDir("my-svc");
        copyTree(EXAMPLE_SOURCES, copy.resolve("src/main/java"));
        Path engine = copy.resolve("src/main/java/io/memrun/examples/analytics/QueryEngine.java");
        edit(engine, "reply.put(\"rows\",", "reply.put(\"rows_scanned\",");

        Path build = infra.newDir("my-svc-build");
        StringWriter log = new StringWriter();
        ServiceRegistry registry = ServiceRegistry.inMemory("isolation");
        try (LocalPlatform p = LocalPlatform.start(ServiceArtifacts.load(copy, build.resolve("gen-0")).get(0),
                LocalPlatform.Options.of(1, GatewaySettings.defaults("127.0.0.1", 0)), infra.kafka(), infra.storeSettings(),
                registry, infra.newDir("isolation"));
             HotReloader reloader = HotReloader.start(copy, build, p, registry, new PrintWriter(log, true))) {
            HttpResponse<String> first = invoke(p, uri);
            JsonNode body = JSON.readTree(first.body());
            assertTrue(body.has("rows_scanned"), "the first reply runs the copy's classes: " + first.body());
            assertFalse(body.has("rows"), first.body());
            assertEquals("miss", first.headers().firstValue("Memrun-Cache").orElseThrow());

            long edited = System.nanoTime();
            edit(engine, "\"rows_scanned\"", "\"rows_read\"");
            HttpResponse<String> changed = invoke(p, uri);
            while (!changed.body().contains("rows_read")) {
                if (System.nanoTime() - edited > Duration.ofSeconds(15).toNanos()) {
                    throw new AssertionError("the edit never went live; reloader said: " + log);
                }
                Thread.sleep(20);
                changed = invoke(p, uri);
            }
            double seconds = (System.nanoTime() - edited) / 1e9;
            System.out.printf("copied example: edit live after %.2f s%n", seconds);
            assertEquals("hit", changed.headers().firstValue("Memrun-Cache").orElseThrow(), "the warm key stays warm");
        } finally {
            registry.close();
        }
    }

    private static final String LIB_SERVICE = """
            package lib;

            import com.google.common.base.Objects;
            import io.memrun.sdk.MemoryService;
            import java.util.Map;

            public class LibService {
                public static void main(String[] args) {
                    MemoryService.builder("lib-svc")
                            .handler("k", (ctx, req) -> Map.of(
                                    // Objects.toStringHelper exists in Guava 16, not in the platform's Guava 33
                                    "helper", Objects.toStringHelper("Guava16").add("k", req.text("k")).toString(),
                                    "guava_jar", String.valueOf(Objects.class.getProtectionDomain().getCodeSource().getLocation()),
                                    "databind", com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString(),
                                    "platform_visible", visible("io.memrun.runtime.worker.Worker")))
                            .build()
                            .deploy();
                }

                private static boolean visible(String name) {
                    try {
                        Class.forName(name, false, LibService.class.getClassLoader());
                        return true;
                    } catch (ClassNotFoundException e) {
                        return false;
                    }
                }
            }
            """;

    @Test
    void jarBundlingOlderGuavaAndJackson_deploysAnswersAndUsesItsOwnGuava() throws Exception {
        SharedInfra infra = SharedInfra.get();
        Path dir = infra.newDir("lib-svc");
        Path src = Files.createDirectories(dir.resolve("src/lib")).resolve("LibService.java");
        Files.writeString(src, LIB_SERVICE);
        Path lib = Files.createDirectories(dir.resolve("dist/lib"));
        List<String> libs = List.of("guava-16.0.1.jar", "jackson-databind-2.17.2.jar", "jackson-core-2.17.2.jar",
                "jackson-annotations-2.17.2.jar");
        List<String> compilePath = new ArrayList<>();
        compilePath.add(codeSource(MemoryService.class));
        for (String name : libs) {
            Files.copy(SERVICE_LIBS.resolve(name), lib.resolve(name));
            compilePath.add(lib.resolve(name).toString());
        }
        Path classes = dir.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), "-classpath",
                String.join(File.pathSeparator, compilePath), src.toString()));
        Path jar = dir.resolve("dist/lib-svc.jar");
        writeJar(classes, jar, "lib.LibService", libs.stream().map(n -> "lib/" + n).toList());

        ServiceRegistry registry = ServiceRegistry.inMemory("lib-svc");
        try (LocalPlatform p = LocalPlatform.start(ServiceArtifacts.load(jar, dir.resolve("build")).get(0),
                LocalPlatform.Options.of(1, GatewaySettings.defaults("127.0.0.1", 0)), infra.kafka(), infra.storeSettings(),
                registry, infra.newDir("lib-svc-run"))) {
            HttpResponse<String> r = Http.post(p.httpPort(), "/v1/services/lib-svc/invoke", "{\"k\":\"a\"}");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode body = JSON.readTree(r.body());
            assertEquals("Guava16{k=a}", body.get("helper").asText());
            assertTrue(body.get("guava_jar").asText().endsWith("guava-16.0.1.jar"), r.body());
            // Jackson's API packages are shared (the SDK's Request exposes JsonNode): the platform's wins.
            assertEquals(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString(), body.get("databind").asText());
            assertFalse(body.get("platform_visible").asBoolean(), "platform internals are invisible to a service");
        } finally {
            registry.close();
        }
    }

    private static HttpResponse<String> invoke(LocalPlatform p, String uri) throws Exception {
        HttpResponse<String> r = Http.post(p.httpPort(), "/v1/services/analytics-engine/invoke", SampleData.sampleQueryJson(uri));
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }

    private static void edit(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " no longer contains " + from);
        Files.writeString(file, text.replace(from, to));
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static String codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static void writeJar(Path classes, Path jar, String mainClass, List<String> classPath) throws Exception {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        mf.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }
}
