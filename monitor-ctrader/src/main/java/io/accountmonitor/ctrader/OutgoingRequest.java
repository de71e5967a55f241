package io.accountmonitor.ctrader;

import com.google.protobuf.MessageLite;
import io.accountmonitor.core.spi.Cancellable;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import java.util.concurrent.CompletableFuture;

/**
 * One request on its way: waiting for the rate limit, then for its reply. The session confines
 * every field except {@link #reply}, which any thread may observe.
 */
final class OutgoingRequest {
    /** Session set-up requests go before data requests in the same rate bucket. */
    enum Lane {
        CONTROL,
        DATA
    }

    final long connectionId;
    final ProtoOAPayloadType type;
    final MessageLite payload;
    final Lane lane;
    /** The account the request is about, or 0. */
    final long accountId;
    final CompletableFuture<ProtoMessage> reply = new CompletableFuture<>();
    String clientMsgId;
    Cancellable timeout;

    OutgoingRequest(long connectionId, ProtoOAPayloadType type, MessageLite payload, Lane lane, long accountId) {
        this.connectionId = connectionId;
        this.type = type;
        this.payload = payload;
        this.lane = lane;
        this.accountId = accountId;
    }

    boolean historical() {
        return PayloadTypes.isHistorical(type.getNumber());
    }

    /** Returns a short description for logs, without the payload, which may hold a secret. */
    @Override
    public String toString() {
        return type.name() + (accountId == 0 ? "" : " for account " + accountId)
                + (clientMsgId == null ? "" : " (clientMsgId " + clientMsgId + ")");
    }
}
