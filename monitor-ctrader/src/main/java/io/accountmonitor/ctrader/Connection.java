package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.Cancellable;
import io.accountmonitor.core.spi.Metrics;
import io.accountmonitor.core.spi.TimerService;
import io.accountmonitor.ctrader.protocol.ProtoHeartbeatEvent;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoPayloadType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TLS connection to an Open API server, used once: {@link #run} connects and reads until the
 * connection ends; a new connection object replaces it.
 *
 * <p>Threads: {@link #run} blocks the source's reader thread for the life of the connection;
 * {@link #send} hands frames to the source's writer thread; the heartbeat and read watchdog are
 * timers that only read clocks, queue frames and close the socket, which never blocks because the
 * TCP socket beneath TLS is closed directly. {@link #close} is safe from any thread and idempotent.
 */
final class Connection {
    /** Reason a connection ended. */
    enum CloseReason {
        /** The TCP connect or TLS handshake failed or took longer than the connect timeout. */
        CONNECT_FAILED,
        /** The server closed the stream between frames. */
        PEER_CLOSED,
        /** Reading or writing failed, including a TLS failure in mid-stream. */
        IO_ERROR,
        /** A frame broke the framing rules. */
        FRAME_ERROR,
        /** No byte arrived within the read timeout. */
        READ_TIMEOUT,
        /** The session closed it, for example after a disconnect event. */
        REQUESTED
    }

    /** Callbacks for the events of a connection; {@code opened}, {@code received} and {@code closed} run on the reader thread. */
    interface Listener {
        void opened(Connection connection);

        void received(Connection connection, ProtoMessage message);

        /** Called once, after the socket is closed. */
        void closed(Connection connection, CloseReason reason, String detail);

        /** Called on the timer thread when nothing arrived for half the read timeout; must not block. */
        void quiet(Connection connection);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final ProtoMessage HEARTBEAT = ProtoMessage.newBuilder()
            .setPayloadType(ProtoPayloadType.HEARTBEAT_EVENT_VALUE)
            .setPayload(ProtoHeartbeatEvent.getDefaultInstance().toByteString())
            .build();

    private final long id;
    private final Endpoint endpoint;
    private final SSLContext tls;
    private final CtraderSettings settings;
    private final TimerService timer;
    private final Executor writer;
    private final Listener listener;
    private final Socket raw = new Socket();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CloseReason closeReason;
    private volatile String closeDetail;
    private volatile OutputStream out;
    private final Queue<byte[]> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final Metrics.Counter receivedBytes;
    private volatile long lastReadNanos;
    private volatile long lastWriteNanos;
    /** Whether a probe was requested since the last inbound frame; only one is sent per quiet period. */
    private volatile boolean probed;
    private volatile Cancellable connectWatchdog;
    private volatile Cancellable heartbeatTimer;
    private volatile Cancellable readWatchdog;

    Connection(long id, Endpoint endpoint, SSLContext tls, CtraderSettings settings, TimerService timer,
            Executor writer, Listener listener, Metrics.Counter receivedBytes) {
        this.id = id;
        this.receivedBytes = receivedBytes;
        this.endpoint = endpoint;
        this.tls = tls;
        this.settings = settings;
        this.timer = timer;
        this.writer = writer;
        this.listener = listener;
    }

    long id() {
        return id;
    }

    /**
     * Connects, runs the TLS handshake with host-name verification, then reads frames until the
     * connection ends, and reports the end to the listener. Blocks the calling thread throughout.
     */
    void run() {
        DataInputStream in;
        try {
            connectWatchdog = timer.schedule(settings.connectTimeout(), () -> {
                if (out == null) {
                    close(CloseReason.CONNECT_FAILED, "connect and TLS handshake took longer than connectTimeout ("
                            + settings.connectTimeout() + ")");
                }
            });
            int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
            raw.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeoutMillis);
            raw.setTcpNoDelay(true);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, endpoint.host(), endpoint.port(),
                    true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            // The OS-level timeout is a safety net in real time; the watchdog above uses the host's timer.
            socket.setSoTimeout(timeoutMillis);
            socket.startHandshake();
            socket.setSoTimeout(0);
            in = new DataInputStream(new BufferedInputStream(new ReadClock(socket.getInputStream()), 64 * 1024));
            long now = timer.nanoTime();
            lastReadNanos = now;
            lastWriteNanos = now;
            out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
        } catch (IOException | RuntimeException e) {
            close(CloseReason.CONNECT_FAILED, e.toString());
            finish();
            return;
        } finally {
            cancel(connectWatchdog);
        }
        if (closed.get()) {
            finish();
            return;
        }
        listener.opened(this);
        armHeartbeat(settings.heartbeatInterval());
        armReadWatchdog(settings.readTimeout().dividedBy(2));
        readLoop(in);
        finish();
    }

    /**
     * Queues {@code message} for the writer thread; does nothing once the connection is closed.
     * Frames queued while the writer is busy go out together with one flush, so the requests of a
     * check leave in one TLS record instead of one each.
     */
    void send(ProtoMessage message) {
        if (closed.get()) {
            return;
        }
        outbox.add(FrameCodec.encode(message));
        if (!writeScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.execute(this::writeQueued);
        } catch (RejectedExecutionException e) {
            writeScheduled.set(false);
            close(CloseReason.REQUESTED, "the source is closing");
        }
    }

    /**
     * Closes the socket; the first reason given is the one reported. Never blocks: the TCP socket is
     * closed beneath TLS, so no close_notify is sent.
     */
    void close(CloseReason reason, String detail) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        closeDetail = detail;
        cancel(connectWatchdog);
        cancel(heartbeatTimer);
        cancel(readWatchdog);
        try {
            raw.close();
        } catch (IOException e) {
            LOG.debug("Closing the socket of connection {} failed: {}", id, e.toString());
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    private void readLoop(DataInputStream in) {
        try {
            while (!closed.get()) {
                ProtoMessage message = FrameCodec.read(in, settings.maxFrameBytes());
                if (message == null) {
                    close(CloseReason.PEER_CLOSED, "");
                    return;
                }
                probed = false;
                listener.received(this, message);
            }
        } catch (FrameException e) {
            close(CloseReason.FRAME_ERROR, e.getMessage());
        } catch (EOFException e) {
            close(CloseReason.PEER_CLOSED, e.getMessage());
        } catch (IOException e) {
            close(CloseReason.IO_ERROR, e.toString());
        }
    }

    private void finish() {
        listener.closed(this, closeReason == null ? CloseReason.IO_ERROR : closeReason,
                closeDetail == null ? "" : closeDetail);
    }

    /** Writes every queued frame, then flushes once; runs on the writer thread. */
    private void writeQueued() {
        while (true) {
            OutputStream stream = out;
            byte[] frame;
            try {
                while ((frame = outbox.poll()) != null) {
                    if (closed.get() || stream == null) {
                        continue;
                    }
                    stream.write(frame);
                }
                if (!closed.get() && stream != null) {
                    stream.flush();
                    lastWriteNanos = timer.nanoTime();
                }
            } catch (IOException e) {
                outbox.clear();
                close(CloseReason.IO_ERROR, "write failed: " + e);
            }
            writeScheduled.set(false);
            // A frame queued after the last poll but before the flag was cleared found the flag set.
            if (outbox.isEmpty() || !writeScheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void armHeartbeat(Duration delay) {
        heartbeatTimer = schedule(delay, () -> {
            long idle = timer.nanoTime() - lastWriteNanos;
            long interval = settings.heartbeatInterval().toNanos();
            if (idle >= interval) {
                send(HEARTBEAT);
                armHeartbeat(settings.heartbeatInterval());
            } else {
                armHeartbeat(Duration.ofNanos(interval - idle));
            }
        });
    }

    private void armReadWatchdog(Duration delay) {
        readWatchdog = schedule(delay, () -> {
            long now = timer.nanoTime();
            long silent = now - lastReadNanos;
            long timeout = settings.readTimeout().toNanos();
            long probeAfter = timeout / 2;
            if (silent >= timeout) {
                close(CloseReason.READ_TIMEOUT, "no data arrived for " + Duration.ofNanos(silent).toSeconds()
                        + " s (readTimeout " + settings.readTimeout() + ")");
                return;
            }
            if (silent >= probeAfter && !probed) {
                probed = true;
                listener.quiet(this);
            }
            long next = silent >= probeAfter ? timeout - silent : probeAfter - silent;
            armReadWatchdog(Duration.ofNanos(Math.max(1, next)));
        });
    }

    /**
     * Notes the time of every read that returns data, so a large frame that arrives slowly counts
     * as traffic for the read watchdog while it is still incomplete, and counts the bytes read.
     */
    private final class ReadClock extends FilterInputStream {
        ReadClock(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            if (value >= 0) {
                lastReadNanos = timer.nanoTime();
                receivedBytes.increment();
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = super.read(buffer, offset, length);
            if (count > 0) {
                lastReadNanos = timer.nanoTime();
                receivedBytes.increment(count);
            }
            return count;
        }
    }

    private Cancellable schedule(Duration delay, Runnable task) {
        if (closed.get()) {
            return null;
        }
        try {
            return timer.schedule(delay, () -> {
                if (!closed.get()) {
                    task.run();
                }
            });
        } catch (RejectedExecutionException e) {
            close(CloseReason.REQUESTED, "the timer service is closed");
            return null;
        }
    }

    private static void cancel(Cancellable cancellable) {
        if (cancellable != null) {
            cancellable.cancel();
        }
    }

    @Override
    public String toString() {
        return "connection " + id + " to " + endpoint;
    }
}
