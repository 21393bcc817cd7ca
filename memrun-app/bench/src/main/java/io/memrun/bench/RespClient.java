package io.memrun.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal Redis client speaking RESP2 over one socket: enough for {@code PING}, {@code SET} and
 * {@code GET} of large values. Written here rather than depending on a client library, so the
 * comparison measures Redis and the loopback, not a library's buffering choices; it reads a bulk
 * reply straight into one {@code byte[]}, as a careful client would. Not thread-safe.
 */
final class RespClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    RespClient(String host, int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setReceiveBufferSize(4 << 20);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(60_000);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 20);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 20));
    }

    /** Sends a command and returns its reply: a {@code String} (simple), {@code Long}, {@code byte[]} (bulk) or null. */
    Object call(Object... args) throws IOException {
        writeCommand(args);
        return readReply();
    }

    /** {@code GET key} as bytes, or null if the key does not exist. */
    byte[] get(String key) throws IOException {
        return (byte[]) call("GET", key);
    }

    /**
     * {@code GET key} into {@code dest}, which must be large enough; returns the value's length, or
     * -1 if the key does not exist. Lets a caller time the transfer without timing the allocation
     * (and garbage collection) of a new array per read.
     */
    int getInto(String key, byte[] dest) throws IOException {
        writeCommand("GET", key);
        int type = in.read();
        String line = readLine();
        if (type == '-') {
            throw new IOException("Redis error: " + line);
        }
        if (type != '$') {
            throw new IOException("unexpected reply type '" + (char) type + "' to GET");
        }
        int len = Integer.parseInt(line);
        if (len < 0) {
            return -1;
        }
        if (len > dest.length) {
            in.skipNBytes(len + 2L); // keep the connection usable: the reply is consumed, not left half-read
            throw new IOException("value of " + len + " bytes does not fit a " + dest.length + "-byte buffer");
        }
        in.readFully(dest, 0, len);
        expectCrlf(len);
        return len;
    }

    /** {@code SET key value}. */
    void set(String key, byte[] value) throws IOException {
        Object r = call("SET", key, value);
        if (!"OK".equals(r)) {
            throw new IOException("SET answered " + r);
        }
    }

    private void writeCommand(Object... args) throws IOException {
        out.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Object a : args) {
            byte[] b = a instanceof byte[] bytes ? bytes : a.toString().getBytes(StandardCharsets.UTF_8);
            out.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
    }

    private Object readReply() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Redis closed the connection");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("Redis error: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                byte[] value = new byte[len];
                in.readFully(value);
                expectCrlf(len);
                return value;
            }
            default:
                throw new IOException("unexpected Redis reply type '" + (char) type + "'");
        }
    }

    private void expectCrlf(int len) throws IOException {
        if (in.read() != '\r' || in.read() != '\n') {
            throw new IOException("malformed bulk reply: no CRLF after " + len + " bytes");
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\r'; ) {
            if (c < 0) {
                throw new EOFException("Redis closed the connection mid-reply");
            }
            sb.append((char) c);
        }
        if (in.read() != '\n') {
            throw new IOException("malformed reply line: " + sb);
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
