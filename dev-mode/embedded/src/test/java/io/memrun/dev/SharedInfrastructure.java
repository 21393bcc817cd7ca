package io.memrun.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one test fixture of every module: one {@link EmbeddedKafkaBroker} and one
 * {@link EmbeddedObjectStore} per test JVM, started together (in parallel) on first use and stopped,
 * their data deleted, when the JVM exits. Tests isolate themselves by topic, service name, bucket and
 * directory, never by restarting infrastructure.
 *
 * <p>As a JUnit extension it hands the broker or the store to any test or lifecycle method that
 * declares one as a parameter; other code calls {@link #get()} (the runtime's {@code SharedInfra}
 * builds its client settings on it).
 */
public final class SharedInfrastructure implements ParameterResolver {
    private static Started started;

    /**
     * The running infrastructure.
     *
     * @param broker the broker
     * @param store the object store
     * @param root a temporary directory for the tests' own files, deleted at exit
     */
    public record Started(EmbeddedKafkaBroker broker, EmbeddedObjectStore store, Path root) {
        /** A fresh directory under {@link #root()}. */
        public Path newDir(String prefix) {
            try {
                return Files.createTempDirectory(root, prefix);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The JVM's broker and store, started on the first call. */
    public static synchronized Started get() {
        if (started == null) {
            started = start();
        }
        return started;
    }

    private static Started start() {
        Path root;
        try {
            root = Files.createTempDirectory("memrun-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<EmbeddedObjectStore> store = CompletableFuture.supplyAsync(
                () -> EmbeddedObjectStore.start(root.resolve("s3"), 0));
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(root.resolve("kafka"), 0);
        Started s = new Started(broker, store.join(), root);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s.store().close();
            s.broker().close();
            deleteQuietly(root);
        }, "memrun-test-infrastructure-stop"));
        return s;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp directory is harmless
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedKafkaBroker.class || type == EmbeddedObjectStore.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedKafkaBroker.class ? get().broker() : get().store();
    }
}
