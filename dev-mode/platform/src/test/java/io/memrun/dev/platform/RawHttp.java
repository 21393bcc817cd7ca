package io.memrun.dev.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** HTTP on a raw socket, for requests no HTTP client would send. */
final class RawHttp {
    private RawHttp() {
    }

    /**
     * Sends {@code request} on a new connection and returns everything the server answers (up to
     * 64 KiB) until it closes the connection or says nothing for {@code quietMillis}.
     *
     * @param halfClose whether to shut the sending side down after the request (the server then
     *     sees the end of input; only for requests whose answer does not depend on it)
     */
    static byte[] exchange(int port, byte[] request, boolean halfClose, int quietMillis) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(quietMillis);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (halfClose) {
                    s.shutdownOutput();
                }
            } catch (IOException closedEarly) {
                // the server answered and closed before reading everything: read what it said
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0 && all.size() < 64 * 1024; ) {
                    all.write(buf, 0, n);
                }
            } catch (SocketTimeoutException quiet) {
                // the server kept the connection open without more to say
            } catch (SocketException reset) {
                // closed hard after the answer
            }
            return all.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
