package io.memrun.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The jar's entry point, compiled for Java 8 so that any old JVM can run it far enough to say
 * what to install: memrun itself (Helidon 4) needs Java 21 or newer, and an older JVM would
 * otherwise stop with a raw {@code UnsupportedClassVersionError}.
 */
public final class Launcher {
    static final int MINIMUM = 21;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        int version = major(System.getProperty("java.specification.version", "0"));
        if (version < MINIMUM) {
            System.err.println("memrun needs Java " + MINIMUM + " or newer; this is Java " + version + " ("
                    + System.getProperty("java.home") + ").");
            System.err.println("Install one (e.g. `apt-get install openjdk-21-jre-headless`, or Temurin 21/25 from"
                    + " https://adoptium.net) and run it with that java, or use ./memrun, which finds one.");
            System.exit(1);
        }
        Method main = Class.forName("io.memrun.cli.Main").getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static int major(String spec) {
        try {
            // "1.8" for Java 8, "17" from Java 9 on
            return spec.startsWith("1.") ? Integer.parseInt(spec.substring(2)) : Integer.parseInt(spec.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
