package io.accountmonitor.ctrader;

import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoPayloadType;
import java.util.Set;

/** Facts about payload types that the protocol's enums do not carry. */
final class PayloadTypes {
    /**
     * Requests that count against the server's historical limit of 5 per second. The published list
     * names deal lists, trend bars and tick data. Clients also report order lists and cash-flow
     * history as limited, so every list or history request is counted here.
     */
    private static final Set<Integer> HISTORICAL = Set.of(
            ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ_VALUE,
            ProtoOAPayloadType.PROTO_OA_DEAL_LIST_BY_POSITION_ID_REQ_VALUE,
            ProtoOAPayloadType.PROTO_OA_DEAL_OFFSET_LIST_REQ_VALUE,
            ProtoOAPayloadType.PROTO_OA_ORDER_LIST_REQ_VALUE,
            ProtoOAPayloadType.PROTO_OA_ORDER_LIST_BY_POSITION_ID_REQ_VALUE,
            ProtoOAPayloadType.PROTO_OA_CASH_FLOW_HISTORY_LIST_REQ_VALUE,
            ProtoOAPayloadType.PROTO_OA_GET_TRENDBARS_REQ_VALUE,
            ProtoOAPayloadType.PROTO_OA_GET_TICKDATA_REQ_VALUE);

    private PayloadTypes() {
    }

    static boolean isHistorical(int payloadType) {
        return HISTORICAL.contains(payloadType);
    }

    /** Returns the enum name of a payload type for logs, or its number when it is unknown. */
    static String name(int payloadType) {
        ProtoOAPayloadType openApi = ProtoOAPayloadType.forNumber(payloadType);
        if (openApi != null) {
            return openApi.name();
        }
        ProtoPayloadType common = ProtoPayloadType.forNumber(payloadType);
        return common != null ? common.name() : Integer.toString(payloadType);
    }
}
