package io.memrun.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceRegistryFilesTest {
    @TempDir
    Path dir;

    @Test
    void open_databaseFiles_areReadableByTheirOwnerOnly() throws Exception {
        try (ServiceRegistry registry = ServiceRegistry.open(dir)) {
            assertTrue(registry.list().isEmpty());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        Path db = dir.resolve("registry.mv.db");
        assertTrue(Files.exists(db));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
    }
}
