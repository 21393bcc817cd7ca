package io.memrun.runtime.service;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Loads a service's classes child-first from its own artifact, sharing only the SDK's API with the
 * platform (the model is Kafka Connect's plugin class loader).
 *
 * <p>A class is looked up in this order:
 * <ol>
 *   <li>classes in a {@link #SHARED_PACKAGES shared package} come from the platform, so a handler
 *       and the worker agree on {@code MemoryService}, {@code Request} and the Jackson types the
 *       SDK's API exposes ({@code JsonNode}, {@code ObjectNode}) — a copy of these packages inside
 *       the artifact is ignored;</li>
 *   <li>then the JDK (the platform class loader, not the application class path), so an
 *       artifact's copy of a JDK API ({@code org.w3c.dom}, {@code javax.xml}) cannot shadow it;</li>
 *   <li>everything else comes from the artifact: its own classes, and its own versions of
 *       libraries the platform also carries (Guava, Jackson modules, ...). The platform's own
 *       classes — the worker, Kafka, Helidon, the bundled example — are invisible to it.</li>
 * </ol>
 * Resources follow the same order, so an artifact's {@code META-INF/services} files are its own.
 */
public final class ServiceClassLoader extends URLClassLoader {
    /**
     * Package prefixes the service shares with the platform: the SDK, and the libraries whose types
     * the SDK's API exposes (Jackson's core, databind and annotations; SLF4J, so service log lines
     * reach the platform's logging).
     */
    public static final List<String> SHARED_PACKAGES = List.of(
            "io.memrun.sdk.",
            "com.fasterxml.jackson.core.",
            "com.fasterxml.jackson.databind.",
            "com.fasterxml.jackson.annotation.",
            "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader platform;

    /**
     * @param name shown in stack traces, e.g. {@code service:my-svc.jar}
     * @param urls the artifact: a jar, or a directory of classes
     * @param platform the loader holding the SDK and the shared libraries
     */
    public ServiceClassLoader(String name, URL[] urls, ClassLoader platform) {
        super(name, urls, ClassLoader.getPlatformClassLoader());
        this.platform = platform;
    }

    /** Whether a class or resource name (dotted or slashed) belongs to a shared package. */
    static boolean isShared(String name) {
        String dotted = name.replace('/', '.');
        for (String prefix : SHARED_PACKAGES) {
            if (dotted.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (isShared(name)) {
                    c = platform.loadClass(name);
                } else {
                    try {
                        // The JDK first: an artifact that bundles JDK APIs (xml-apis' org.w3c.dom,
                        // javax.xml) must not shadow them. The parent holds nothing but the JDK.
                        c = getParent().loadClass(name);
                    } catch (ClassNotFoundException notInJdk) {
                        c = findClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        if (isShared(name)) {
            return platform.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isShared(name)) {
            return platform.getResources(name);
        }
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }
}
