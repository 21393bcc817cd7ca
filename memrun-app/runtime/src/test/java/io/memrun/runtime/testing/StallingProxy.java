package io.memrun.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of a real server (the embedded store) that can be told to
 * stall: it keeps accepting connections and reading what clients send, but forwards nothing in
 * either direction until it is released, like a store that accepts connections and never answers.
 */
public final class StallingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;
    private volatile boolean open = true;

    private StallingProxy(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /** Starts a proxy to {@code target}'s host and port. */
    public static StallingProxy start(URI target) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        StallingProxy proxy = new StallingProxy(server, new InetSocketAddress(target.getHost(), target.getPort()));
        Thread.ofVirtual().start(proxy::acceptLoop);
        return proxy;
    }

    /** The proxy's address, as an endpoint URI with {@code target}'s scheme. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Stops (true) or resumes (false) forwarding. */
    public void stall(boolean on) {
        stalled = on;
    }

    private void acceptLoop() {
        while (open) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream));
                Thread.ofVirtual().start(() -> pipe(upstream, client));
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                while (stalled && open) {
                    Thread.sleep(20); // hold the bytes: the peer sees a connection that answers nothing
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // a side closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
