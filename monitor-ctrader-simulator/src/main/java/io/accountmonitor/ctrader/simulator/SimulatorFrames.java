package io.accountmonitor.ctrader.simulator;

import com.google.protobuf.InvalidProtocolBufferException;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The simulator's side of the cTrader framing: a 4-byte big-endian length, then one serialized
 * {@link ProtoMessage}. Written independently of the adapter's codec, so a framing bug in one of
 * them makes the tests fail instead of being mirrored by the other.
 */
final class SimulatorFrames {
    private SimulatorFrames() {
    }

    /**
     * Reads one frame, blocking until it is complete.
     *
     * @return the message, or {@code null} when the peer closed the stream between two frames
     * @throws IOException if the stream fails, ends inside a frame, or the frame is empty, longer
     *     than {@code maxBytes} or not a {@link ProtoMessage}
     */
    static ProtoMessage read(DataInputStream in, int maxBytes) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        byte[] rest = new byte[3];
        in.readFully(rest);
        long length = ((long) first << 24) | ((rest[0] & 0xFFL) << 16) | ((rest[1] & 0xFFL) << 8) | (rest[2] & 0xFFL);
        if (length == 0 || length > maxBytes) {
            throw new IOException("frame length " + length + " is outside 1.." + maxBytes);
        }
        byte[] body = new byte[(int) length];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            throw new IOException("stream ended inside a frame of " + length + " bytes", e);
        }
        try {
            return ProtoMessage.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("frame of " + length + " bytes is not a ProtoMessage", e);
        }
    }

    /** Returns the length prefix followed by the serialized message. */
    static byte[] encode(ProtoMessage message) {
        byte[] body = message.toByteArray();
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    /** Returns a length prefix that announces {@code length} bytes, as a big-endian unsigned int. */
    static byte[] lengthPrefix(long length) {
        return ByteBuffer.allocate(4).putInt((int) length).array();
    }
}
