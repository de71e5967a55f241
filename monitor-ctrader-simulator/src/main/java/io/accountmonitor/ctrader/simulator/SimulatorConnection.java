package io.accountmonitor.ctrader.simulator;

import io.accountmonitor.ctrader.protocol.ProtoMessage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the simulator. {@link #serve} runs the TLS handshake and the read loop
 * on a connection thread; every write goes through the simulator's single writer thread, in order.
 *
 * <p>The fields without {@code volatile} are session state guarded by the simulator's lock.
 */
final class SimulatorConnection {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorConnection.class);
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    private static final int FRAGMENT_BYTES = 3;

    /** Callbacks for the events of the read loop, called on the connection thread. */
    interface Handler {
        void onOpen(SimulatorConnection connection);

        void onFrame(SimulatorConnection connection, ProtoMessage message);

        void onClosed(SimulatorConnection connection);
    }

    final long id;
    private final Socket raw;
    private final SSLContext tls;
    private final Executor writer;
    private final int maxFrameBytes;
    private volatile OutputStream out;
    private volatile boolean closed;
    private volatile boolean fragmentWrites;

    boolean applicationAuthorised;
    boolean silent;
    final Map<Long, String> authorisedAccounts = new HashMap<>();
    int accountAuthRequests;
    int requests;
    int heartbeats;
    int rateLimitRejections;
    final ArrayDeque<Long> normalArrivals = new ArrayDeque<>();
    final ArrayDeque<Long> historicalArrivals = new ArrayDeque<>();

    SimulatorConnection(long id, Socket raw, SSLContext tls, Executor writer, int maxFrameBytes) {
        this.id = id;
        this.raw = raw;
        this.tls = tls;
        this.writer = writer;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Runs the handshake and reads frames until the connection closes. Blocks the calling thread. */
    void serve(Handler handler) {
        try {
            raw.setTcpNoDelay(true);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, null, raw.getPort(), true);
            socket.setUseClientMode(false);
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            socket.startHandshake();
            socket.setSoTimeout(0);
            out = new BufferedOutputStream(socket.getOutputStream());
            handler.onOpen(this);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            while (!closed) {
                ProtoMessage message = SimulatorFrames.read(in, maxFrameBytes);
                if (message == null) {
                    break;
                }
                handler.onFrame(this, message);
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("Simulator connection {} ended: {}", id, e.toString());
            }
        } finally {
            close();
            handler.onClosed(this);
        }
    }

    boolean isOpen() {
        return !closed;
    }

    void fragmentWrites(boolean value) {
        this.fragmentWrites = value;
    }

    /** Queues {@code message} for the writer thread. */
    void send(ProtoMessage message) {
        writeLater(SimulatorFrames.encode(message), false, false);
    }

    /** Queues {@code message} and closes the connection once it is written. */
    void sendThenClose(ProtoMessage message) {
        writeLater(SimulatorFrames.encode(message), false, true);
    }

    /** Queues raw bytes inside the TLS stream, such as a bad length prefix or garbage. */
    void sendBytes(byte[] bytes) {
        writeLater(bytes, false, false);
    }

    /** Queues raw bytes on the TCP socket beneath TLS, which breaks the client's TLS record layer. */
    void sendBytesBeneathTls(byte[] bytes) {
        writeLater(bytes, true, false);
    }

    /** Closes the socket at once; a blocked read or write fails. Idempotent and safe from any thread. */
    void close() {
        closed = true;
        try {
            raw.close();
        } catch (IOException e) {
            LOG.debug("Closing simulator connection {} failed: {}", id, e.toString());
        }
    }

    private void writeLater(byte[] bytes, boolean beneathTls, boolean closeAfter) {
        try {
            writer.execute(() -> write(bytes, beneathTls, closeAfter));
        } catch (RejectedExecutionException e) {
            LOG.debug("Simulator is closing; dropped a write to connection {}", id);
        }
    }

    private void write(byte[] bytes, boolean beneathTls, boolean closeAfter) {
        if (closed) {
            return;
        }
        try {
            OutputStream target = beneathTls ? raw.getOutputStream() : out;
            if (fragmentWrites && !beneathTls) {
                for (int offset = 0; offset < bytes.length; offset += FRAGMENT_BYTES) {
                    target.write(bytes, offset, Math.min(FRAGMENT_BYTES, bytes.length - offset));
                    target.flush();
                }
            } else {
                target.write(bytes);
                target.flush();
            }
        } catch (IOException e) {
            LOG.debug("Write to simulator connection {} failed: {}", id, e.toString());
            close();
            return;
        }
        if (closeAfter) {
            close();
        }
    }
}
