package io.accountmonitor.ctrader.simulator;

import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoPayloadType;

/**
 * One request the simulator received, before rate limiting or fault injection decided its reply.
 *
 * @param connectionId the simulator's number of the connection, starting at 1
 * @param payloadType the payload type of the request
 * @param clientMsgId the client's message id, or an empty string
 * @param accountId the {@code ctidTraderAccountId} of the request, or 0 when it has none
 * @param accessToken the access token of an account-auth or account-list request, else {@code null};
 *     the simulator's tokens are test values, never real ones
 * @param receivedAtNanos the simulator's {@code TimerService} time at arrival
 */
public record ReceivedRequest(
        long connectionId,
        int payloadType,
        String clientMsgId,
        long accountId,
        String accessToken,
        long receivedAtNanos) {

    /** Returns the enum name of the payload type, or its number when it is unknown. */
    public String payloadTypeName() {
        ProtoOAPayloadType openApi = ProtoOAPayloadType.forNumber(payloadType);
        if (openApi != null) {
            return openApi.name();
        }
        ProtoPayloadType common = ProtoPayloadType.forNumber(payloadType);
        return common != null ? common.name() : Integer.toString(payloadType);
    }

    public boolean is(ProtoOAPayloadType type) {
        return payloadType == type.getNumber();
    }
}
