package io.accountmonitor.ctrader;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.accountmonitor.core.spi.BrokerException;
import io.accountmonitor.core.spi.ErrorCategory;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import java.time.Duration;

/** Checks the payload type of a reply and parses its payload. */
final class Replies {
    private Replies() {
    }

    /**
     * Returns the payload of {@code reply} parsed as {@code expected}.
     *
     * @throws BrokerException with {@link ErrorCategory#PROTOCOL} if the reply has another payload
     *     type or an unreadable payload
     */
    static <T> T parse(ProtoMessage reply, ProtoOAPayloadType expected, Parser<T> parser) {
        if (reply.getPayloadType() != expected.getNumber()) {
            throw new BrokerException(ErrorCategory.PROTOCOL, "", "expected " + expected.name()
                    + " but cTrader replied with " + PayloadTypes.name(reply.getPayloadType()));
        }
        try {
            return parser.parseFrom(reply.getPayload());
        } catch (InvalidProtocolBufferException e) {
            throw new BrokerException(ErrorCategory.PROTOCOL, "", "cTrader sent an unreadable " + expected.name()
                    + ": " + e.getMessage(), Duration.ZERO, e);
        }
    }
}
