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
 * A TCP proxy on loopback in front of a real server (the embedded store) that injects one fault at a
 * time, the way a store goes wrong in production:
 * <ul>
 *   <li>{@link Fault#STALL}: keeps accepting connections and reading what clients send, forwards
 *       nothing either way until released (a store that accepts and never answers);</li>
 *   <li>{@link Fault#REFUSE}: closes the listening port, so connects are refused (the store is down);</li>
 *   <li>{@link Fault#RESET}: forwards requests, then resets the connection after the first bytes of
 *       the answer (a load balancer or store node dying mid-response).</li>
 * </ul>
 * Switching faults cuts the connections open at that moment, so pooled clients meet the new fault.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does to traffic. */
    public enum Fault { NONE, STALL, REFUSE, RESET }

    private static final int RESET_AFTER_BYTES = 64;

    private final InetSocketAddress target;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile Fault fault = Fault.NONE;
    private volatile boolean open = true;

    private FaultProxy(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.port = server.getLocalPort();
        this.target = target;
    }

    /** Starts a proxy to {@code target}'s host and port. */
    public static FaultProxy start(URI target) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FaultProxy proxy = new FaultProxy(server, new InetSocketAddress(target.getHost(), target.getPort()));
        proxy.listen(server);
        return proxy;
    }

    /** The proxy's address, as an http endpoint URI. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops (true) or resumes (false) forwarding; {@code inject(STALL)} and {@code inject(NONE)}. */
    public void stall(boolean on) throws IOException {
        inject(on ? Fault.STALL : Fault.NONE);
    }

    /** Injects {@code next} from now on; connections open now are cut unless the fault is STALL. */
    public synchronized void inject(Fault next) throws IOException {
        Fault previous = fault;
        fault = next;
        if (next != Fault.STALL) {
            closeConnections();
        }
        if (next == Fault.REFUSE && previous != Fault.REFUSE) {
            server.close();
        } else if (next != Fault.REFUSE && previous == Fault.REFUSE) {
            ServerSocket again = new ServerSocket();
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            listen(again);
        }
    }

    private void listen(ServerSocket s) {
        server = s;
        Thread.ofVirtual().start(() -> acceptLoop(s));
    }

    private void acceptLoop(ServerSocket s) {
        while (open && !s.isClosed()) {
            try {
                Socket client = s.accept();
                sockets.add(client);
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream, false));
                Thread.ofVirtual().start(() -> pipe(upstream, client, true));
            } catch (IOException e) {
                // the listener was closed (REFUSE or close()), or one connect failed: go on while open
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean answer) {
        byte[] buf = new byte[16 * 1024];
        long sent = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                while (fault == Fault.STALL && open) {
                    Thread.sleep(20); // hold the bytes: the peer sees a connection that answers nothing
                }
                if (answer && fault == Fault.RESET) {
                    int part = (int) Math.max(0, Math.min(n, RESET_AFTER_BYTES - sent));
                    out.write(buf, 0, part);
                    out.flush();
                    reset(to);
                    reset(from);
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
                sent += n;
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

    /** Closes with SO_LINGER 0, so the peer gets a TCP RST instead of an orderly FIN. */
    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private void closeConnections() {
        for (Socket s : sockets) {
            reset(s);
        }
        sockets.clear();
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
        closeConnections();
    }
}
