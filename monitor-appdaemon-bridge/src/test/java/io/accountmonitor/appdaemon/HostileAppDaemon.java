package io.accountmonitor.appdaemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted websocket server on 127.0.0.1 that replies to the bridge's requests with whatever a
 * test's {@link Script} returns: malformed text, binary frames, huge frames, wrong ids, hostile
 * error texts. It speaks just enough of RFC 6455 for the JDK client: the upgrade, unfragmented
 * frames, pongs for pings and a close.
 */
final class HostileAppDaemon implements AutoCloseable {
    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the server sends back for one request. */
    interface Script {
        /** Returns the frames to send for {@code request}, received on connection {@code connection} (1-based). */
        List<Reply> answer(int connection, JsonNode request);
    }

    /** One frame to send, or a close of the socket. */
    record Reply(int opcode, byte[] payload, boolean closeSocket) {
        static Reply text(String text) {
            return new Reply(1, text.getBytes(StandardCharsets.UTF_8), false);
        }

        static Reply binary(byte[] bytes) {
            return new Reply(2, bytes, false);
        }

        static Reply hangUp() {
            return new Reply(0, new byte[0], true);
        }
    }

    private final ServerSocket listener;
    private final Script script;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    HostileAppDaemon(Script script) throws IOException {
        this.script = script;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "hostile-appdaemon-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI streamUri() {
        return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/stream");
    }

    int connectionCount() {
        return connections.get();
    }

    List<String> received() {
        return List.copyOf(received);
    }

    /** Returns a success reply to {@code request}, as AppDaemon 4.5 sends it. */
    static Reply success(JsonNode request) {
        return Reply.text("{\"response_type\":\"" + request.path("request_type").asText() + "\",\"response_id\":\""
                + request.path("request_id").asText() + "\",\"response_success\":true,\"data\":{\"version\":\"4.5.11\"}}");
    }

    /** Returns an error reply to {@code request} whose response_error is {@code error}. */
    static Reply error(JsonNode request, String error) {
        try {
            return Reply.text("{\"response_type\":\"" + request.path("request_type").asText() + "\",\"response_id\":\""
                    + request.path("request_id").asText() + "\",\"response_success\":false,\"response_error\":"
                    + MAPPER.writeValueAsString(error) + ",\"request\":" + MAPPER.writeValueAsString(request) + "}");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                sockets.add(socket);
                int number = connections.incrementAndGet();
                Thread worker = new Thread(() -> serve(socket, number), "hostile-appdaemon-" + number);
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int number) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String key = readUpgrade(in);
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream data = new DataInputStream(in);
            while (true) {
                int first = data.readUnsignedByte();
                int second = data.readUnsignedByte();
                int opcode = first & 0x0F;
                long length = second & 0x7F;
                if (length == 126) {
                    length = data.readUnsignedShort();
                } else if (length == 127) {
                    length = data.readLong();
                }
                byte[] mask = new byte[4];
                if ((second & 0x80) != 0) {
                    data.readFully(mask);
                }
                byte[] payload = new byte[(int) length];
                data.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                if (opcode == 8) {
                    writeFrame(out, 8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                    return;
                }
                if (opcode == 9) {
                    writeFrame(out, 10, payload);
                    continue;
                }
                if (opcode != 1) {
                    continue;
                }
                String text = new String(payload, StandardCharsets.UTF_8);
                received.add(text);
                for (Reply reply : script.answer(number, MAPPER.readTree(text))) {
                    if (reply.closeSocket()) {
                        return;
                    }
                    writeFrame(out, reply.opcode(), reply.payload());
                }
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            // The client closed the socket or the test ended, so this connection is over.
        }
    }

    private static String readUpgrade(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the upgrade");
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        throw new IOException("no Sec-WebSocket-Key");
    }

    private static synchronized void writeFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
        List<Byte> header = new ArrayList<>();
        header.add((byte) (0x80 | opcode));
        if (payload.length < 126) {
            header.add((byte) payload.length);
        } else if (payload.length < 65536) {
            header.add((byte) 126);
            header.add((byte) (payload.length >>> 8));
            header.add((byte) payload.length);
        } else {
            header.add((byte) 127);
            long length = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.add((byte) (length >>> shift));
            }
        }
        byte[] bytes = new byte[header.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = header.get(i);
        }
        out.write(bytes);
        out.write(payload);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
