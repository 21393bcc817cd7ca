package io.memrun.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LauncherTest {
    @Test
    void major_readsBothVersionSchemes() {
        assertEquals(8, Launcher.major("1.8"));
        assertEquals(17, Launcher.major("17"));
        assertEquals(25, Launcher.major("25"));
        assertEquals(0, Launcher.major("garbage"));
    }

    @Test
    void main_onAnOldJava_saysWhichJavaToInstallInsteadOfAClassVersionError() throws Exception {
        Optional<Path> old = oldJava();
        assumeTrue(old.isPresent(), "no Java older than 21 under /usr/lib/jvm; skipping the old-JVM run");
        String classes = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = new ProcessBuilder(old.get().toString(), "-cp", classes, Launcher.class.getName(), "--version")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("memrun needs Java 21 or newer"), out);
        assertTrue(!out.contains("UnsupportedClassVersionError"), out);
    }

    private static Optional<Path> oldJava() throws Exception {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> d.getFileName().toString().matches(".*(java-1[1-7]|jdk-?1[1-7]|-1[1-7]-).*"))
                    .map(d -> d.resolve("bin" + File.separator + "java")).filter(Files::isExecutable).findFirst();
        }
    }
}
