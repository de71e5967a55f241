package io.accountmonitor.ctrader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private static final int MAX = 1024;

    private static final ProtoMessage MESSAGE = ProtoMessage.newBuilder()
            .setPayloadType(ProtoOAPayloadType.PROTO_OA_VERSION_REQ_VALUE)
            .setPayload(ByteString.copyFromUtf8("payload"))
            .setClientMsgId("m1-1")
            .build();

    @Test
    void encodeWritesBigEndianLengthThenMessage() {
        byte[] frame = FrameCodec.encode(MESSAGE);
        int length = MESSAGE.getSerializedSize();

        assertThat(frame).hasSize(4 + length);
        assertThat(Arrays.copyOf(frame, 4)).containsExactly(0, 0, (byte) (length >>> 8), (byte) length);
        assertThat(Arrays.copyOfRange(frame, 4, frame.length)).isEqualTo(MESSAGE.toByteArray());
    }

    @Test
    void readReassemblesFramesDeliveredOneByteAtATime() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(FrameCodec.encode(MESSAGE));
        stream.write(FrameCodec.encode(MESSAGE.toBuilder().setClientMsgId("m1-2").build()));
        DataInputStream in = new DataInputStream(new OneByteAtATime(stream.toByteArray()));

        assertThat(FrameCodec.read(in, MAX)).isEqualTo(MESSAGE);
        assertThat(FrameCodec.read(in, MAX).getClientMsgId()).isEqualTo("m1-2");
        assertThat(FrameCodec.read(in, MAX)).isNull();
    }

    @Test
    void readRejectsFrameOverLimit() {
        byte[] header = {0, 0, 0x04, 0x01};
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(header));

        assertThatThrownBy(() -> FrameCodec.read(in, MAX))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("1025 bytes")
                .hasMessageContaining("maxFrameBytes (1024)")
                .satisfies(e -> assertThat(((FrameException) e).kind()).isEqualTo(FrameException.Kind.TOO_LARGE));
    }

    @Test
    void readTreatsLengthAsUnsigned() {
        byte[] header = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(header));

        assertThatThrownBy(() -> FrameCodec.read(in, Integer.MAX_VALUE))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("4294967295 bytes");
    }

    @Test
    void readRejectsZeroLengthFrame() {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(new byte[4]));

        assertThatThrownBy(() -> FrameCodec.read(in, MAX))
                .isInstanceOf(FrameException.class)
                .satisfies(e -> assertThat(((FrameException) e).kind()).isEqualTo(FrameException.Kind.EMPTY));
    }

    @Test
    void readRejectsGarbageBody() {
        byte[] frame = {0, 0, 0, 4, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));

        assertThatThrownBy(() -> FrameCodec.read(in, MAX))
                .isInstanceOf(FrameException.class)
                .satisfies(e -> assertThat(((FrameException) e).kind()).isEqualTo(FrameException.Kind.MALFORMED));
    }

    @Test
    void readRejectsBodyWithoutRequiredPayloadType() {
        // Field 3 (clientMsgId) alone: a ProtoMessage without its required payloadType.
        byte[] frame = {0, 0, 0, 3, 0x1A, 0x01, 0x41};
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));

        assertThatThrownBy(() -> FrameCodec.read(in, MAX)).isInstanceOf(FrameException.class);
    }

    @Test
    void readFailsWhenStreamEndsInsideFrame() {
        byte[] frame = FrameCodec.encode(MESSAGE);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(Arrays.copyOf(frame, frame.length - 2)));

        assertThatThrownBy(() -> FrameCodec.read(in, MAX))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("inside a frame");
    }

    @Test
    void readFailsWhenStreamEndsInsideLengthPrefix() {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(new byte[] {0, 0}));

        assertThatThrownBy(() -> FrameCodec.read(in, MAX)).isInstanceOf(EOFException.class);
    }

    /** Returns at most one byte per read call, as a slow network might. */
    private static final class OneByteAtATime extends InputStream {
        private final ByteArrayInputStream bytes;

        OneByteAtATime(byte[] data) {
            this.bytes = new ByteArrayInputStream(data);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return length == 0 ? 0 : bytes.read(buffer, offset, 1);
        }
    }
}
