package io.memrun.runtime.service;

import io.memrun.sdk.MemoryService;
import io.memrun.sdk.spi.ServiceCapture;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Loads a service from an artifact: a jar (with its dependencies inside, or beside it through the
 * manifest's {@code Class-Path}) or a directory of compiled classes whose manifest names a
 * {@code Main-Class}, or Java sources ({@link ServiceSources}). The classes load child-first in
 * a {@link ServiceClassLoader}, which shares only the SDK's API with the platform. The main method
 * runs with {@link ServiceCapture} active and must {@link MemoryService#deploy() deploy} at least
 * one service.
 */
public final class ServiceArtifacts {
    private ServiceArtifacts() {
    }

    /**
     * Loads the services an artifact deploys: a jar, a classes directory with a manifest, or Java
     * sources (a directory or one file), which are compiled into {@code buildDir} first.
     */
    public static List<MemoryService> load(Path artifact, Path buildDir) throws Exception {
        if (!Files.exists(artifact)) {
            throw new IllegalArgumentException("service artifact " + artifact + " does not exist");
        }
        List<URL> classPath = new ArrayList<>();
        String mainClass;
        if (ServiceSources.isSource(artifact)) {
            mainClass = ServiceSources.compile(artifact, buildDir);
            classPath.add(buildDir.toUri().toURL());
        } else {
            Manifest manifest = manifest(artifact);
            mainClass = mainClass(artifact, manifest);
            if (Files.isRegularFile(artifact)) {
                // Load a private copy: the JDK caches open jars by URL, so reloading a replaced jar
                // from its own path could serve the old classes.
                Files.createDirectories(buildDir);
                classPath.add(Files.copy(artifact, buildDir.resolve("service.jar"), StandardCopyOption.REPLACE_EXISTING)
                        .toUri().toURL());
            } else {
                classPath.add(artifact.toUri().toURL());
            }
            classPath.addAll(manifestClassPath(artifact, manifest));
        }
        ClassLoader loader = new ServiceClassLoader("service:" + artifact.getFileName(), classPath.toArray(URL[]::new),
                ServiceArtifacts.class.getClassLoader());
        return runMain(loader, mainClass, artifact.toString());
    }

    /** Loads the services deployed by {@code mainClass} from the given class loader. */
    public static List<MemoryService> runMain(ClassLoader loader, String mainClass, String origin) throws Exception {
        Class<?> cls;
        try {
            cls = Class.forName(mainClass, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("Main-Class " + mainClass + " not found in " + origin);
        }
        Method main = cls.getMethod("main", String[].class);
        if (!Modifier.isStatic(main.getModifiers())) {
            throw new IllegalArgumentException(mainClass + ".main is not static");
        }
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            List<MemoryService> services = ServiceCapture.capture(() -> main.invoke(null, (Object) new String[0]));
            if (services.isEmpty()) {
                throw new IllegalArgumentException(mainClass + ".main in " + origin + " deployed no service: call svc.deploy()");
            }
            return services;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException("loading " + origin + " failed in " + mainClass + ".main: " + cause, cause);
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    private static Manifest manifest(Path artifact) throws IOException {
        if (Files.isDirectory(artifact)) {
            Path mf = artifact.resolve("META-INF/MANIFEST.MF");
            if (!Files.exists(mf)) {
                throw new IllegalArgumentException(artifact + " has no META-INF/MANIFEST.MF naming a Main-Class");
            }
            try (InputStream in = Files.newInputStream(mf)) {
                return new Manifest(in);
            }
        }
        try (JarFile jar = new JarFile(artifact.toFile())) {
            return jar.getManifest();
        }
    }

    /**
     * The jars a manifest's {@code Class-Path} names, resolved against the artifact's own folder
     * (the layout {@code maven-jar-plugin}'s {@code addClasspath} and {@code dependency:copy} make:
     * {@code svc.jar} beside {@code lib/}). A missing entry is an error, not a later
     * {@code NoClassDefFoundError}.
     */
    private static List<URL> manifestClassPath(Path artifact, Manifest manifest) throws IOException {
        String value = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
        List<URL> urls = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return urls;
        }
        Path base = Files.isDirectory(artifact) ? artifact : artifact.toAbsolutePath().getParent();
        for (String entry : value.trim().split("\\s+")) {
            Path lib = base.resolve(entry).normalize();
            if (!Files.exists(lib)) {
                throw new IllegalArgumentException(artifact + " names " + entry + " in its manifest's Class-Path, but "
                        + lib + " does not exist");
            }
            urls.add(lib.toUri().toURL());
        }
        return urls;
    }

    private static String mainClass(Path artifact, Manifest manifest) {
        String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
        if (main == null) {
            throw new IllegalArgumentException(artifact + " has no Main-Class in its manifest: name the class whose"
                    + " main method deploys the service");
        }
        return main;
    }
}
