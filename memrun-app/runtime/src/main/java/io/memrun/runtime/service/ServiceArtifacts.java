package io.memrun.runtime.service;

import io.memrun.sdk.MemoryService;
import io.memrun.sdk.spi.ServiceCapture;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Loads a service from an artifact: a jar or a directory of compiled classes whose manifest names
 * a {@code Main-Class}, or Java sources ({@link ServiceSources}). The main method runs with {@link ServiceCapture} active and must
 * {@link MemoryService#deploy() deploy} at least one service.
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
        Path classes = artifact;
        String mainClass;
        if (ServiceSources.isSource(artifact)) {
            classes = buildDir;
            mainClass = ServiceSources.compile(artifact, buildDir);
        } else {
            mainClass = mainClass(artifact);
            if (Files.isRegularFile(artifact)) {
                // Load a private copy: the JDK caches open jars by URL, so reloading a replaced jar
                // from its own path could serve the old classes.
                Files.createDirectories(buildDir);
                classes = Files.copy(artifact, buildDir.resolve("service.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        URLClassLoader loader = new URLClassLoader("service:" + artifact.getFileName(),
                new URL[] {classes.toUri().toURL()}, ServiceArtifacts.class.getClassLoader());
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

    private static String mainClass(Path artifact) throws IOException {
        Manifest manifest;
        if (Files.isDirectory(artifact)) {
            Path mf = artifact.resolve("META-INF/MANIFEST.MF");
            if (!Files.exists(mf)) {
                throw new IllegalArgumentException(artifact + " has no META-INF/MANIFEST.MF naming a Main-Class");
            }
            try (InputStream in = Files.newInputStream(mf)) {
                manifest = new Manifest(in);
            }
        } else {
            try (JarFile jar = new JarFile(artifact.toFile())) {
                manifest = jar.getManifest();
            }
        }
        String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
        if (main == null) {
            throw new IllegalArgumentException(artifact + " has no Main-Class in its manifest: name the class whose"
                    + " main method deploys the service");
        }
        return main;
    }
}
