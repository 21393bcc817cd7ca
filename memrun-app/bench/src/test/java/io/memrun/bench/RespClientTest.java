package io.memrun.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The RESP client against a tiny in-test server that speaks the same protocol as Redis. */
class RespClientTest {
    @Test
    void pingSetGetAndErrors() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = Thread.ofVirtual().start(() -> serve(server));
            try (RespClient c = new RespClient("127.0.0.1", server.getLocalPort())) {
                assertEquals("PONG", c.call("PING"));
                byte[] big = new byte[3 << 20];
                new SplittableRandom(1).nextBytes(big);
                c.set("k", big);
                assertArrayEquals(big, c.get("k"));
                byte[] into = new byte[big.length + 10];
                assertEquals(big.length, c.getInto("k", into));
                assertArrayEquals(big, java.util.Arrays.copyOf(into, big.length));
                assertEquals(-1, c.getInto("missing", into));
                assertThrows(IOException.class, () -> c.getInto("k", new byte[10]));
                assertNull(c.get("missing"));
                assertEquals(1L, c.call("DEL", "k"));
                IOException e = assertThrows(IOException.class, () -> c.call("BOOM"));
                assertTrue(e.getMessage().contains("unknown command"), e.getMessage());
            }
            t.join(5_000);
        }
    }

    /** One connection: arrays of bulk strings in, RESP2 replies out. */
    private static void serve(ServerSocket server) {
        Map<String, byte[]> data = new HashMap<>();
        try (Socket s = server.accept()) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            OutputStream out = s.getOutputStream();
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return;
                }
                int n = Integer.parseInt(line(in));
                byte[][] args = new byte[n][];
                for (int i = 0; i < n; i++) {
                    in.read(); // '$'
                    args[i] = new byte[Integer.parseInt(line(in))];
                    in.readFully(args[i]);
                    line(in);
                }
                String cmd = new String(args[0], StandardCharsets.US_ASCII);
                switch (cmd) {
                    case "PING" -> out.write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                    case "SET" -> {
                        data.put(new String(args[1], StandardCharsets.UTF_8), args[2]);
                        out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    case "GET" -> {
                        byte[] v = data.get(new String(args[1], StandardCharsets.UTF_8));
                        if (v == null) {
                            out.write("$-1\r\n".getBytes(StandardCharsets.US_ASCII));
                        } else {
                            out.write(("$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(v);
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                    case "DEL" -> out.write((":" + (data.remove(new String(args[1], StandardCharsets.UTF_8)) == null ? 0 : 1)
                            + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    default -> out.write(("-ERR unknown command '" + cmd + "'\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client closed the connection
        }
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\r'; ) {
            sb.append((char) c);
        }
        in.read();
        return sb.toString();
    }
}
