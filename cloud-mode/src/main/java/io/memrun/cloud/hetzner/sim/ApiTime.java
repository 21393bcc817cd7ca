package io.memrun.cloud.hetzner.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps as Hetzner writes them: {@code 2016-01-30T23:55:00+00:00}. */
final class ApiTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
            .withZone(ZoneOffset.UTC);

    private ApiTime() {
    }

    static String format(Instant t) {
        return FORMAT.format(t);
    }
}
