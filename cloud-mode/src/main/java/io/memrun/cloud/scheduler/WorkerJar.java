package io.memrun.cloud.scheduler;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The jar worker servers run: the scheduler's own build. From {@code memrun.jar} that is the jar
 * itself. Run from a class path instead (the test suite, an IDE), it is a small launcher jar whose
 * manifest lists that class path: good only on this machine, which is where the local
 * Hetzner-compatible API runs its "servers".
 */
public final class WorkerJar {
    private WorkerJar() {
    }

    /** Whether the scheduler runs from a jar that can be shipped to other machines. */
    public static boolean shippable(Class<?> mainClass) {
        return self(mainClass).map(p -> p.toString().endsWith(".jar")).orElse(false);
    }

    /**
     * The jar to ship: the one {@code mainClass} was loaded from, or a launcher jar written into
     * {@code dir} for the current class path.
     */
    public static Path resolve(Class<?> mainClass, Path dir) throws IOException {
        java.util.Optional<Path> self = self(mainClass);
        if (self.isPresent() && self.get().toString().endsWith(".jar") && isExecutable(self.get())) {
            return self.get();
        }
        Files.createDirectories(dir);
        Path jar = dir.resolve("memrun-launcher.jar");
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (e.isBlank()) {
                continue;
            }
            Path p = Path.of(e).toAbsolutePath();
            entries.add(p.toUri().toString());
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        mf.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", entries));
        Path tmp = Files.createTempFile(dir, "launcher", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jarOut = new JarOutputStream(out, mf)) {
            jarOut.flush();
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return jar;
    }

    private static boolean isExecutable(Path jar) {
        try (java.util.jar.JarFile f = new java.util.jar.JarFile(jar.toFile())) {
            Manifest mf = f.getManifest();
            return mf != null && mf.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static java.util.Optional<Path> self(Class<?> mainClass) {
        try {
            var source = mainClass.getProtectionDomain().getCodeSource();
            return source == null ? java.util.Optional.empty() : java.util.Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException e) {
            return java.util.Optional.empty();
        }
    }
}
