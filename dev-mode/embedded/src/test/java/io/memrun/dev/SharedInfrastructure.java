package io.memrun.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link EmbeddedKafkaBroker} and one {@link EmbeddedObjectStore} per test JVM, on
 * first use, and hands them to any test method or lifecycle method that declares them as a
 * parameter. They live in the root context's store, which closes them (and deletes their data)
 * when the whole test run ends.
 */
public final class SharedInfrastructure implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedKafkaBroker.class || type == EmbeddedObjectStore.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(getClass()));
        // Stored before the services, so deleted after they are closed: the store closes its
        // values in the reverse order of their insertion.
        Path dataDir = store.getOrComputeIfAbsent("dataDir", key -> TempDir.create("memrun-dev-shared"),
                TempDir.class).path();
        Class<?> type = parameter.getParameter().getType();
        if (type == EmbeddedKafkaBroker.class) {
            return store.getOrComputeIfAbsent("broker",
                    key -> EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), 0), EmbeddedKafkaBroker.class);
        }
        return store.getOrComputeIfAbsent("objectStore",
                key -> EmbeddedObjectStore.start(dataDir.resolve("s3"), 0), EmbeddedObjectStore.class);
    }

    /** A temporary directory that deletes itself, contents and all, when closed. */
    record TempDir(Path path) implements AutoCloseable {
        static TempDir create(String prefix) {
            try {
                return new TempDir(Files.createTempDirectory(prefix));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try (var paths = Files.walk(path)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
