package io.accountmonitor.ctrader;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The cTrader Open API framing on TCP: every frame is a 4-byte unsigned big-endian length followed
 * by exactly that many bytes of one serialized {@link ProtoMessage}, in both directions.
 */
final class FrameCodec {
    static final int LENGTH_BYTES = 4;

    private FrameCodec() {
    }

    /**
     * Reads one frame, blocking until all of it has arrived, however the bytes are split.
     *
     * @return the message, or {@code null} when the stream ended cleanly between two frames
     * @throws FrameException if the frame is empty, longer than {@code maxFrameBytes}, or not a
     *     {@code ProtoMessage}; the stream cannot be trusted after it
     * @throws EOFException if the stream ended inside a frame
     * @throws IOException if reading fails
     */
    static ProtoMessage read(DataInputStream in, int maxFrameBytes) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        long length = ((long) first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
                | in.readUnsignedByte();
        if (length == 0) {
            throw new FrameException(FrameException.Kind.EMPTY, "received an empty frame (length 0)");
        }
        if (length > maxFrameBytes) {
            throw new FrameException(FrameException.Kind.TOO_LARGE, "received a frame of " + length
                    + " bytes, more than maxFrameBytes (" + maxFrameBytes + ")");
        }
        byte[] body = new byte[(int) length];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            throw new EOFException("stream ended inside a frame of " + length + " bytes");
        }
        try {
            return ProtoMessage.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new FrameException(FrameException.Kind.MALFORMED, "received a frame of " + length
                    + " bytes that is not a ProtoMessage (" + e.getMessage() + ")");
        }
    }

    /** Writes one frame; the caller flushes. */
    static void write(OutputStream out, ProtoMessage message) throws IOException {
        out.write(encode(message));
    }

    static byte[] encode(ProtoMessage message) {
        int length = message.getSerializedSize();
        byte[] frame = new byte[LENGTH_BYTES + length];
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        CodedOutputStream body = CodedOutputStream.newInstance(frame, LENGTH_BYTES, length);
        try {
            message.writeTo(body);
            body.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("serializing a " + length + "-byte message into an array failed", e);
        }
        return frame;
    }
}
