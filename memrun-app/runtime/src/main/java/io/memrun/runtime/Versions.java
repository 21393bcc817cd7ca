package io.memrun.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The memrun version, as Maven wrote it into {@code memrun-version.properties}. */
public final class Versions {
    private static final String VERSION = load();

    private Versions() {
    }

    /** E.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} if the resource is missing. */
    public static String memrun() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Versions.class.getResourceAsStream("/memrun-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
