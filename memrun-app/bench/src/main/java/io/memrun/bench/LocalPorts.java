package io.memrun.bench;

import java.io.IOException;
import java.net.ServerSocket;

/** Ports for the processes a bench run starts (Redis, {@code memrun dev}). */
final class LocalPorts {
    private LocalPorts() {
    }

    /** A port free on this machine now (the OS picks it); the caller's process binds it soon after. */
    static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
