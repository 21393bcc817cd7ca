package io.memrun.runtime.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.sdk.MemoryService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceArtifactsTest {
    private static final String SERVICE = """
            package demo;

            import io.memrun.sdk.MemoryService;
            import java.util.Map;

            public class Demo {
                public static void main(String[] args) {
                    MemoryService.builder("demo-svc").concurrency(4)
                            .handler("k", (ctx, req) -> Map.of("greeting", "hello " + req.text("k"))).build()
                            .deploy();
                }
            }
            """;

    @TempDir
    Path tmp;

    private Path sources(String code) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("src/main/java/demo"));
        Files.writeString(dir.resolve("Demo.java"), code);
        return tmp;
    }

    @Test
    void load_sourceDirectory_compilesAndCapturesTheService() throws Exception {
        List<MemoryService> services = ServiceArtifacts.load(sources(SERVICE), tmp.resolve("build"));
        assertEquals(1, services.size());
        assertEquals("demo-svc", services.get(0).name());
        assertEquals(4, services.get(0).concurrency());
        assertEquals("k", services.get(0).stickyKey().toString());
    }

    @Test
    void load_compileError_reportsFileLineAndMessage() throws Exception {
        Path src = sources(SERVICE.replace("concurrency(4)", "concurrency(\"four\")"));
        ServiceSources.CompileException e = assertThrows(ServiceSources.CompileException.class,
                () -> ServiceArtifacts.load(src, tmp.resolve("build")));
        assertTrue(e.getMessage().contains("Demo.java:8:"), e.getMessage());
    }

    @Test
    void load_jarWithMainClass_capturesTheService() throws Exception {
        Path jar = demoJar(null);
        assertEquals("demo-svc", ServiceArtifacts.load(jar, tmp.resolve("unused")).get(0).name());
    }

    @Test
    void load_sourcesWithoutMain_sayWhatIsMissing() throws Exception {
        Path src = sources(SERVICE.replace("public static void main(String[] args)", "public static void start()"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceArtifacts.load(src, tmp.resolve("build")));
        assertTrue(e.getMessage().contains("no class with a main method"), e.getMessage());
    }

    @Test
    void load_missingPath_saysItDoesNotExist() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceArtifacts.load(tmp.resolve("nope.jar"), tmp.resolve("build")));
        assertTrue(e.getMessage().contains("does not exist"));
    }

    @Test
    void load_sourcesUsingPlatformInternals_failToCompileNamingTheClass() throws Exception {
        Path src = sources(SERVICE.replace("import java.util.Map;", "import java.util.Map;\nimport io.memrun.runtime.worker.Worker;"));
        ServiceSources.CompileException e = assertThrows(ServiceSources.CompileException.class,
                () -> ServiceArtifacts.load(src, tmp.resolve("build")));
        assertTrue(e.getMessage().contains("io.memrun.runtime.worker"), e.getMessage());
    }

    @Test
    void load_jarWithMissingClassPathEntry_namesTheMissingJar() throws Exception {
        Path jar = demoJar("lib/gone.jar");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceArtifacts.load(jar, tmp.resolve("unused")));
        assertTrue(e.getMessage().contains("lib/gone.jar"), e.getMessage());
    }

    /** The demo service compiled into a jar whose manifest names its Main-Class and, if given, a Class-Path. */
    private Path demoJar(String classPath) throws Exception {
        Path classes = tmp.resolve("classes");
        ServiceSources.compile(sources(SERVICE), classes);
        Path jar = tmp.resolve("demo.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "demo.Demo");
        if (classPath != null) {
            mf.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
