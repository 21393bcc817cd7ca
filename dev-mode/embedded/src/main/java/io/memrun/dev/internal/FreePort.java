package io.memrun.dev.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks a TCP port that is free right now on the loopback interface.
 *
 * <p>There is a window between closing the probe socket and the server binding the port in
 * which another process can take it; callers that pick ports this way retry on a bind failure.
 * We still need it because a KRaft controller's port is part of its own voter configuration, so
 * it cannot be left to the OS (port 0) the way a plain listener can.
 */
public final class FreePort {
    private FreePort() {
    }

    /** Whether {@code port} can be bound on the loopback interface right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int pick() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on the loopback interface", e);
        }
    }
}
