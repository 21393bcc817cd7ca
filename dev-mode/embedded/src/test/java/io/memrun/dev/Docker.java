package io.memrun.dev;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Skips container-backed tests, with the reason in the report, where no Docker engine runs.
 *
 * <p>Call {@link #assumeAvailable} per test ({@code @BeforeEach}), not once per class: an
 * assumption failing in {@code @BeforeAll} aborts the class, which Surefire reports as zero
 * tests rather than as skipped ones.
 */
final class Docker {
    private Docker() {
    }

    /** Whether a Docker engine answers; Testcontainers caches the answer for the JVM. */
    static boolean available() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static void assumeAvailable(String suite) {
        Assumptions.assumeTrue(available(), "Docker engine not available: " + suite + " contract tests skipped");
    }
}
