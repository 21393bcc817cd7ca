package io.memrun.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadPlanTest {
    @TempDir
    Path dir;

    @Test
    void of_fileToPrefix_keepsFileName() throws IOException {
        Path f = Files.writeString(dir.resolve("sales.csv"), "a,b\n");
        UploadPlan p = UploadPlan.of(f, S3Location.parse("s3://datasets/2026/"));
        assertEquals("s3://datasets/2026/sales.csv", p.items().get(0).target().toString());
        assertEquals(4, p.totalBytes());
        assertEquals("s3://datasets/sales.csv", UploadPlan.of(f, S3Location.parse("s3://datasets")).items().get(0).target().toString());
    }

    @Test
    void of_fileToKey_usesKey() throws IOException {
        Path f = Files.writeString(dir.resolve("sales.csv"), "x");
        assertEquals("s3://datasets/d7.csv", UploadPlan.of(f, S3Location.parse("s3://datasets/d7.csv")).items().get(0).target().toString());
    }

    @Test
    void of_directory_keepsRelativePathsSorted() throws IOException {
        Path root = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(root.resolve("x"));
        Files.writeString(root.resolve("x/b.csv"), "bb");
        Files.writeString(root.resolve("a.csv"), "a");
        UploadPlan p = UploadPlan.of(root, S3Location.parse("s3://bkt/in"));
        assertEquals(2, p.items().size());
        assertEquals("s3://bkt/in/a.csv", p.items().get(0).target().toString());
        assertEquals("s3://bkt/in/x/b.csv", p.items().get(1).target().toString());
        assertEquals(3, p.totalBytes());
    }

    @Test
    void of_missingPath_failsNamingIt() {
        IOException e = assertThrows(IOException.class, () -> UploadPlan.of(dir.resolve("nope"), S3Location.parse("s3://bkt/")));
        assertTrue(e.getMessage().contains("no such file or directory"), e.getMessage());
    }

    @Test
    void parse_badLocations_sayWhatToWrite() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> S3Location.parse("/tmp/x")).getMessage().contains("s3://bucket/key"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://UPPER/x")).getMessage().contains("invalid bucket"));
        assertTrue(S3Location.parse("s3://bkt").isPrefix());
    }
}
